import type { CheckContext } from './context.js';
import type { CheckFinding } from './report.js';

/** What a rule returns: a finding without its rule id (the runner stamps it) and, optionally, its own fix. */
export type RuleFinding = Omit<CheckFinding, 'rule'>;

/**
 * One check rule: a stable id (what findings, docs and the CLI call it), a one-line description, a
 * one-line fix hint for its findings, and the check itself. Adding a rule = one file in `rules/`, one
 * entry in `RULES`, one test in `test/unit/check/rules/`.
 * @example
 * export const shoutingSubjectRule: CheckRule = {
 *   id: 'shouting-subject',
 *   description: 'subjects are not all capitals',
 *   fix: 'write the subject in sentence case',
 *   check: (ctx) => succeeded(ctx.renderings)
 *     .filter((r) => r.email.subject === r.email.subject.toUpperCase())
 *     .map((r) => ({ severity: 'warning', file: r.source.subjectFile, line: 1, message: r.label, ...r.scope })),
 * };
 */
export interface CheckRule {
  readonly id: string;
  readonly description: string;
  readonly fix: string;
  /** Only ever warns (`build` skips it: it cannot refuse anything, and `compat` costs a second). */
  readonly advisory?: boolean;
  check(ctx: CheckContext): RuleFinding[] | Promise<RuleFinding[]>;
}

/**
 * Runs one rule and stamps its id (and its fix hint, unless a finding brings its own) on every finding.
 * @example const findings = await runRule(sizeRule, await createCheckContext({ root }));
 */
export async function runRule(rule: CheckRule, ctx: CheckContext): Promise<CheckFinding[]> {
  const found = await rule.check(ctx);
  return found.map((f) => ({ ...f, rule: rule.id, fix: f.fix ?? rule.fix }));
}
