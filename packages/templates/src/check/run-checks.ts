import { type CheckContext, createCheckContext } from './context.js';
import type { CheckOptions } from './options.js';
import type { CheckFinding, CheckReport } from './report.js';
import { summaryRows } from './rows.js';
import { type CheckRule, runRule } from './rule.js';
import { RULES } from './rules/index.js';

/**
 * Runs rules (default: every rule in `RULES`) over a context built already; `build` runs the ones that
 * can fail (`!rule.advisory`) before it writes.
 * @example const ctx = await createCheckContext(); const report = await checkContext(ctx);
 */
export async function checkContext(
  ctx: CheckContext,
  started = performance.now(),
  rules: readonly CheckRule[] = RULES,
): Promise<CheckReport> {
  const findings: CheckFinding[] = [];
  for (const rule of rules) findings.push(...(await runRule(rule, ctx)));
  return {
    ok: !findings.some((f) => f.severity === 'error'),
    findings,
    rows: summaryRows(ctx, findings),
    renders: ctx.renderings.length,
    durationMs: performance.now() - started,
  };
}

/**
 * Lints the whole registry the way production will use it: builds it (strict MJML), renders every
 * template × brand × locale × preview state once, then runs every rule in `RULES` over that. Never throws
 * for template problems: they are findings.
 * @example
 * const report = await runChecks();
 * for (const f of report.findings) console.log(f.severity, `${f.file}:${f.line}`, `[${f.rule}]`, f.message);
 */
export async function runChecks(opts: CheckOptions = {}): Promise<CheckReport> {
  const started = performance.now();
  return checkContext(await createCheckContext(opts), started);
}
