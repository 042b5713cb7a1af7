import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckContext } from '../context.js';
import { firstPerKey, type KeyedFinding } from '../first-per-key.js';
import { type RenderedOk, succeeded } from '../renderings.js';
import type { CheckRule } from '../rule.js';

/** Stylesheet links, CSS imports and font files: every way an email makes the client fetch CSS or a font. */
const REQUESTS: readonly RegExp[] = [
  /<link\b[^>]*\bhref="([^"]+)"[^>]*>/gi,
  /@import\s+(?:url\()?\s*['"]?([^'")\s;]+)/gi,
  /@font-face\s*\{[^}]*?url\(\s*['"]?([^'")\s]+)/gi,
];

/** The URLs a brand allows (`"fonts": ["https://fonts.example/inter.css"]` in brands/<name>.json). */
function allowedFonts(ctx: CheckContext, brand: string): string[] {
  try {
    const value = JSON.parse(readFileSync(join(ctx.root, 'brands', `${brand}.json`), 'utf8')) as {
      fonts?: unknown;
    };
    return Array.isArray(value.fonts) ? value.fonts.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

function* requestsOf(ctx: CheckContext, r: RenderedOk, allowed: readonly string[]): Generator<KeyedFinding> {
  for (const pattern of REQUESTS) {
    for (const m of r.email.html.matchAll(pattern)) {
      const url = (m[1] ?? '').replace(/&amp;/g, '&');
      if (allowed.includes(url)) continue;
      const family = /family=([^:&]+)/.exec(url)?.[1]?.replace(/\+/g, ' ');
      const at = ctx.locate(r.template, family ?? url);
      yield {
        key: `${r.scope.templateId}\0${r.scope.brand}\0${url}`,
        finding: {
          severity: 'error',
          file: at.file,
          line: at.line,
          message: `${r.label}: the email loads ${url.slice(0, 100)}, which brand "${r.scope.brand}" does not list in "fonts" (a request to a third party from every recipient)`,
          ...r.scope,
        },
      };
    }
  }
}

/**
 * The email asks the client for no stylesheet or font the brand did not ask for (brands/<name>.json
 * `"fonts"`); once per template, brand and URL.
 * @example externalResourceRule.check(ctx) // [{ message: 'default/en/default: the email loads https://fonts.googleapis.com/css?family=Roboto…, which brand "default" does not list …' }]
 */
export const externalResourceRule: CheckRule = {
  id: 'external-resource',
  description: 'no external font or stylesheet the brand did not ask for',
  fix: 'remove the <mj-font>/<link>/@import, or list its URL in the brand’s "fonts" array if the brand really wants it',
  check: (ctx) => {
    const allowed = new Map(ctx.build.brands.map((b) => [b.name, allowedFonts(ctx, b.name)]));
    return firstPerKey(
      succeeded(ctx.renderings).flatMap((r) => [...requestsOf(ctx, r, allowed.get(r.scope.brand) ?? [])]),
    );
  },
};
