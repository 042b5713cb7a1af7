import { issuesFor } from '../build-issues.js';
import type { CheckRule } from '../rule.js';

/**
 * Every problem the strict build reports that no more precise rule (`handlebars`, `json`, `placement`,
 * `unknown-markup`, `attribute-value`, `subject`) claims, as is.
 * @example buildRule.check(ctx) // [{ severity: 'error', file: '…/email.mjml', line: null, message: 'MJML: …' }]
 */
export const buildRule: CheckRule = {
  id: 'build',
  description: 'the sources compile (MJML strict, missing files, brand templates)',
  fix: 'fix the source at the line shown; `pnpm --filter @mailroom/templates build` reports the same problem',
  check: (ctx) => issuesFor(ctx, 'build'),
};
