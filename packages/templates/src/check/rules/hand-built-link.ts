import { isTag } from '../../build/mjml-scan.js';
import type { CheckRule, RuleFinding } from '../rule.js';
import type { MjmlSource, SourceFile } from '../source-files.js';

/** A Handlebars expression that outputs the code or the username (`{{code}}`, `{{ username }}`). */
const IDENTITY = /\{\{[^}]*?(?<![\w.@/])(code|username)(?![\w.])[^}]*\}\}/;
/** Attributes MJML and HTML read as URLs. */
const URL_ATTRS = new Set(['href', 'src', 'srcset', 'action', 'background', 'background-url', 'url']);
/** A URL written in text: absolute, or starting from the brand's app URL or a `links.*` value. */
const URL_IN_TEXT =
  /(?:https?:\/\/|\[\[brand\.appUrl\]\]|\{\{\s*(?:brand\.appUrl|links\.\w+)\s*\}\})[^\s<>"']*/g;

function finding(file: string, line: number, url: string): RuleFinding {
  const what = IDENTITY.exec(url)?.[1] ?? 'code';
  return {
    severity: 'error',
    file,
    line,
    message: `the link "${url.slice(0, 100)}" puts the ${what} into a URL by hand (not URL-encoded, logged by proxies)`,
  };
}

function inText(file: string, text: string, line: number): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const m of text.matchAll(URL_IN_TEXT)) {
    if (IDENTITY.test(m[0]))
      out.push(finding(file, line + (text.slice(0, m.index).split('\n').length - 1), m[0]));
  }
  return out;
}

function fromMjml(m: MjmlSource): RuleFinding[] {
  const file = m.source.file;
  return m.scan.items.flatMap((item) => {
    if (!isTag(item)) return inText(file, item.text, item.line);
    return item.attrs
      .filter((a) => URL_ATTRS.has(a.name) && IDENTITY.test(a.value))
      .map((a) => finding(file, a.line, a.value));
  });
}

function fromText(source: SourceFile): RuleFinding[] {
  return inText(source.file, source.text, 1);
}

/**
 * No link puts the code or the username into a URL by hand (`…/verify?code={{code}}`): `{{links.*}}`
 * builds them from the brand's app URL with both URL-encoded, and never puts a temporary password in one.
 * @example handBuiltLinkRule.check(ctx) // [{ line: 14, message: 'the link "https://…/verify?code={{code}}" puts the code into a URL by hand …' }]
 */
export const handBuiltLinkRule: CheckRule = {
  id: 'hand-built-link',
  description: 'links carrying the code or username come from {{links.*}}',
  fix: 'use the links helper ({{links.verify}}, {{links.reset}}, {{links.primary}} …) instead of building the URL',
  check: (ctx) => [
    ...ctx.mjml.flatMap(fromMjml),
    ...ctx.sources.filter((s) => s.kind === 'text').flatMap(fromText),
  ],
};
