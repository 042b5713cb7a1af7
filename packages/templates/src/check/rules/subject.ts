import { succeeded } from '../renderings.js';
import type { CheckRule, RuleFinding } from '../rule.js';

/**
 * Every rendering has a non-empty, single-line subject.
 * @example subjectRule.check(ctx) // [{ file: '…/subject.hbs', line: 1, message: 'default/en/default: subject is empty or not a single line' }]
 */
export const subjectRule: CheckRule = {
  id: 'subject',
  description: 'every subject is one non-empty line',
  fix: 'make subject.hbs (and the catalog entry it uses) produce one non-empty line of text',
  check: (ctx) =>
    succeeded(ctx.renderings)
      .filter((r) => !r.email.subject || /[\r\n]/.test(r.email.subject))
      .map(
        (r): RuleFinding => ({
          severity: 'error',
          file: r.source.subjectFile,
          line: 1,
          message: `${r.label}: subject is empty or not a single line`,
          ...r.scope,
        }),
      ),
};
