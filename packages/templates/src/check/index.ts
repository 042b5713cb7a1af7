/**
 * `check`: lints the templates the way production uses them. One rule per file in `rules/`, run in the
 * order of `RULES` over one shared context (the build, every rendering, location helpers).
 */

export type { CliOptions } from './cli-options.js';
export { cliOptions } from './cli-options.js';
export type { CompatibilityIssue, CompatibilityOptions, CompatibilityReport } from './compat.js';
export { compatibilityReport, MAJOR_CLIENTS, mjmlBaselineFeatures } from './compat.js';
export type { CheckContext } from './context.js';
export { createCheckContext } from './context.js';
export { formatReport } from './format-report.js';
export type { SourceLocation } from './line-of.js';
export type { CheckOptions, ResolvedCheckOptions } from './options.js';
export { resolveCheckOptions } from './options.js';
export type { Rendering, RenderScope } from './renderings.js';
export type { CheckFinding, CheckReport, CheckRow } from './report.js';
export type { CheckRule, RuleFinding } from './rule.js';
export { runRule } from './rule.js';
export { RULES } from './rules/index.js';
export { checkContext, runChecks } from './run-checks.js';
