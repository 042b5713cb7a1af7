import { firstPerKey, type KeyedFinding } from '../first-per-key.js';
import { type RenderedOk, succeeded } from '../renderings.js';
import type { CheckRule } from '../rule.js';
import { codeToShow, textOutsideUrls } from '../visible-code.js';

function entry(r: RenderedOk, what: 'code' | 'link', problem: string): KeyedFinding {
  return {
    key: `${what}\0${r.scope.templateId}\0${r.scope.brand}\0${r.scope.locale}`,
    finding: {
      severity: 'error',
      file: r.source.textFile ?? r.source.mjmlFile,
      line: null,
      message: `${r.label}: the text part ${problem}`,
      ...r.scope,
    },
  };
}

function* textProblems(r: RenderedOk): Generator<KeyedFinding> {
  const code = codeToShow(r);
  if (code && !r.email.text.includes(code)) yield entry(r, 'code', 'does not contain the code');
  else if (code && !textOutsideUrls(r.email.text).includes(code)) {
    yield entry(r, 'code', 'shows the code only inside a link');
  }
  if (!/https:\/\/|http:\/\/localhost/.test(r.email.text)) yield entry(r, 'link', 'has no link');
}

/**
 * The plain-text part of a code-carrying trigger shows the code outside a URL, and every text part has a
 * link; once per template, brand and locale.
 * @example textPartRule.check(ctx) // [{ file: '…/text.hbs', message: 'default/en/default: the text part has no link' }]
 */
export const textPartRule: CheckRule = {
  id: 'text-part',
  description: 'the plain-text part shows the code (outside a URL) and a link',
  fix: 'put {{code}} and a link ({{links.primary}}) in text.hbs, or delete text.hbs to generate it from the HTML',
  check: (ctx) => firstPerKey(succeeded(ctx.renderings).flatMap((r) => [...textProblems(r)])),
};
