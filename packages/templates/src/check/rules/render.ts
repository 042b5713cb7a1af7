import { TemplateError } from '../../errors.js';
import type { CheckContext } from '../context.js';
import type { Rendering } from '../renderings.js';
import type { CheckRule, RuleFinding } from '../rule.js';

function failure(ctx: CheckContext, r: Rendering & { ok: false }): RuleFinding {
  const te = r.error instanceof TemplateError ? r.error : null;
  const variable = te?.details.variable ?? te?.details.key;
  const at = variable ? ctx.locate(r.template, variable) : { file: r.source.mjmlFile, line: null };
  return {
    severity: 'error',
    file: at.file,
    line: at.line,
    message: `${r.label}: ${(r.error as Error).message}`,
    ...r.scope,
  };
}

/**
 * Every template × brand × locale × preview state renders (strict Handlebars: a variable the data lacks
 * is an error), reported at the line that uses the variable.
 * @example renderRule.check(ctx) // [{ file: '…/email.mjml', line: 12, message: 'default/en/default: … uses "plan" …' }]
 */
export const renderRule: CheckRule = {
  id: 'render',
  description: 'every template × brand × locale × preview state renders',
  fix: 'add the variable to every state in preview.json, or make it optional with {{attr "name" fallback="…"}}',
  check: (ctx) => ctx.renderings.flatMap((r) => (r.ok ? [] : [failure(ctx, r)])),
};
