import type { CheckContext } from '../context.js';
import { firstPerKey, type KeyedFinding } from '../first-per-key.js';
import type { SourceLocation } from '../line-of.js';
import { type RenderedOk, succeeded } from '../renderings.js';
import type { CheckRule } from '../rule.js';
import { codeToShow, textOutsideUrls } from '../visible-code.js';

/**
 * Where a text-part problem is fixed: the line of `needle` when given and found (the link carrying the
 * code), else the first line of text.hbs, else (a part generated from the HTML) the email's mj-body.
 */
function at(ctx: CheckContext, r: RenderedOk, needle: string | null): SourceLocation {
  const file = r.source.textFile ?? r.source.mjmlFile;
  const line = needle ? ctx.lineOf(file, needle) : null;
  if (line) return { file, line };
  return r.source.textFile ? { file, line: 1 } : { file, line: ctx.lineOf(file, '<mj-body') };
}

function entry(ctx: CheckContext, r: RenderedOk, what: 'code' | 'link', problem: string): KeyedFinding {
  const where = at(ctx, r, problem.includes('inside a link') ? '{{links.' : null);
  return {
    key: `${what}\0${r.scope.templateId}\0${r.scope.brand}\0${r.scope.locale}`,
    finding: {
      severity: 'error',
      file: where.file ?? r.source.mjmlFile,
      line: where.line,
      message: `${r.label}: the text part ${problem}`,
      ...r.scope,
    },
  };
}

function* textProblems(ctx: CheckContext, r: RenderedOk): Generator<KeyedFinding> {
  const code = codeToShow(r);
  if (code && !r.email.text.includes(code)) yield entry(ctx, r, 'code', 'does not contain the code');
  else if (code && !textOutsideUrls(r.email.text).includes(code)) {
    yield entry(ctx, r, 'code', 'shows the code only inside a link');
  }
  if (!/https:\/\/|http:\/\/localhost/.test(r.email.text)) yield entry(ctx, r, 'link', 'has no link');
}

/**
 * The plain-text part of a code-carrying trigger shows the code outside a URL, and every text part has a
 * link; once per template, brand and locale, at the line to fix (text.hbs, or the mj-body it is generated from).
 * @example textPartRule.check(ctx) // [{ file: '…/text.hbs', line: 1, message: 'default/en/default: the text part has no link' }]
 */
export const textPartRule: CheckRule = {
  id: 'text-part',
  description: 'the plain-text part shows the code (outside a URL) and a link',
  fix: 'put {{code}} and a link ({{links.primary}}) in text.hbs, or delete text.hbs to generate it from the HTML',
  check: (ctx) => firstPerKey(succeeded(ctx.renderings).flatMap((r) => [...textProblems(ctx, r)])),
};
