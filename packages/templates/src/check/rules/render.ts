import { TemplateError } from '../../errors.js';
import { keyUses } from '../catalog-keys.js';
import type { CheckContext } from '../context.js';
import type { Rendering } from '../renderings.js';
import type { CheckRule, RuleFinding } from '../rule.js';
import { groupBy, scopeSummary } from '../scopes.js';

type Failed = Rendering & { ok: false };

interface Failure {
  rendering: Failed;
  file: string | null;
  line: number | null;
  error: string;
}

function failure(ctx: CheckContext, r: Failed): Failure {
  const te = r.error instanceof TemplateError ? r.error : null;
  const variable = te?.details.variable ?? te?.details.key;
  const at = variable ? ctx.locate(r.template, variable) : { file: r.source.mjmlFile, line: null };
  return { rendering: r, file: at.file, line: at.line, error: (r.error as Error).message };
}

/** Translations missing from a locale: the `missing-translation` rule reports each once, at its use. */
function missingKeys(ctx: CheckContext): Set<string> {
  return new Set(
    keyUses(ctx.build)
      .filter((u) => !u.hit)
      .map((u) => `${u.template.id}\0${u.shown}`),
  );
}

function reportedElsewhere(missing: Set<string>, r: Failed): boolean {
  if (!(r.error instanceof TemplateError) || r.error.code !== 'MISSING_TRANSLATION') return false;
  return missing.has(`${r.scope.templateId}\0${String(r.error.details.key ?? '')}`);
}

/** One finding for a failure repeated across renderings, naming the brands, locales and states it spans. */
function grouped(failures: Failure[]): RuleFinding {
  const [first] = failures as [Failure, ...Failure[]];
  const scopes = failures.map((f) => f.rendering.scope);
  const single =
    failures.length === 1 ? first.rendering.scope : { templateId: first.rendering.scope.templateId };
  const message =
    failures.length === 1
      ? `${first.rendering.label}: ${first.error}`
      : `${first.error} (${scopeSummary(scopes)})`;
  return { severity: 'error', file: first.file, line: first.line, message, ...single };
}

/**
 * Every template × brand × locale × preview state renders (strict Handlebars: a variable the data lacks
 * is an error), reported at the line that uses the variable: one finding per problem, naming the renderings
 * it fails (a missing translation is the `missing-translation` rule's, reported there once).
 * @example renderRule.check(ctx) // [{ file: '…/email.mjml', line: 12, message: '… uses "plan" … (2 renderings: brand default · locales en, fr · state default)' }]
 */
export const renderRule: CheckRule = {
  id: 'render',
  description: 'every template × brand × locale × preview state renders',
  fix: 'add the variable to every state in preview.json, or make it optional with {{attr "name" fallback="…"}}',
  check: (ctx) => {
    const missing = missingKeys(ctx);
    const failures = ctx.renderings.flatMap((r) =>
      r.ok || reportedElsewhere(missing, r) ? [] : [failure(ctx, r)],
    );
    const groups = groupBy(failures, (f) =>
      [f.rendering.scope.templateId, f.file, f.line, f.error].join('\0'),
    );
    return [...groups.values()].map(grouped);
  },
};
