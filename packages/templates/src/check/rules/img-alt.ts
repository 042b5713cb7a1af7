import type { CheckContext } from '../context.js';
import { firstPerKey, type KeyedFinding } from '../first-per-key.js';
import { type RenderedOk, succeeded } from '../renderings.js';
import type { CheckRule } from '../rule.js';

function* missingAlt(ctx: CheckContext, r: RenderedOk): Generator<KeyedFinding> {
  for (const img of r.email.html.match(/<img\b[^>]*>/gi) ?? []) {
    if (/\balt="([^"]*)"/i.exec(img)?.[1]?.trim()) continue;
    const src = /\bsrc="([^"]*)"/i.exec(img)?.[1] ?? '?';
    yield {
      key: `${r.scope.templateId}\0${r.scope.brand}\0${src}`,
      finding: {
        severity: 'error',
        file: r.source.mjmlFile,
        line: ctx.lineOf(r.source.mjmlFile, src.split('/').pop() ?? src),
        message: `${r.label}: image ${src} has no alt text (screen readers, blocked images)`,
        ...r.scope,
      },
    };
  }
}

/**
 * Every image has non-empty alt text (once per template, brand and image).
 * @example imgAltRule.check(ctx) // [{ message: 'default/en/default: image https://…/logo.png has no alt text (…)' }]
 */
export const imgAltRule: CheckRule = {
  id: 'img-alt',
  description: 'every image has alt text',
  fix: 'give the mj-image an alt="…" that says what it shows (a catalog key or [[brand.displayName]])',
  check: (ctx) => firstPerKey(succeeded(ctx.renderings).flatMap((r) => [...missingAlt(ctx, r)])),
};
