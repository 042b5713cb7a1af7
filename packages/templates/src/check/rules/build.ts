import type { BuildIssue } from '../../build/sources.js';
import type { CheckRule, RuleFinding } from '../rule.js';

function asFinding(severity: 'error' | 'warning', issue: BuildIssue): RuleFinding {
  return { severity, file: issue.file, line: issue.line, message: issue.message };
}

/**
 * Every problem the strict build reports (MJML, Handlebars, JSON, brand and preview files), as is.
 * @example buildRule.check(ctx) // [{ severity: 'error', file: '…/email.mjml', line: 12, message: '…' }]
 */
export const buildRule: CheckRule = {
  id: 'build',
  description: 'MJML (strict), Handlebars and the JSON files compile',
  fix: 'fix the source at the line shown; `pnpm --filter @mailroom/templates build` reports the same problem',
  check: ({ build }) => [
    ...build.errors.map((e) => asFinding('error', e)),
    ...build.warnings.map((w) => asFinding('warning', w)),
  ],
};
