import { type KeyUse, keyUses } from '../catalog-keys.js';
import type { CheckContext } from '../context.js';
import { placeholders } from '../placeholders.js';
import type { CheckRule, RuleFinding } from '../rule.js';

function mismatch(ctx: CheckContext, use: KeyUse): RuleFinding | null {
  const { hit, locale } = use;
  const base = ctx.baseLocale;
  if (!hit || !base || locale === base) return null;
  const expected = base.messages[hit];
  const actual = locale.messages[hit];
  if (expected === undefined || actual === undefined) return null;
  const a = placeholders(actual).join(',');
  const e = placeholders(expected).join(',');
  if (a === e) return null;
  const file = ctx.localeFile(locale.code);
  return {
    severity: 'warning',
    file,
    line: ctx.lineOfJsonKey(file, hit.split('.').pop() ?? hit),
    message: `"${hit}" uses {${a}} but ${ctx.options.defaultLocale} uses {${e}}`,
    templateId: use.template.id,
    locale: locale.code,
  };
}

/**
 * A translation uses the same `{placeholders}` as the base locale (a renamed one renders literally).
 * @example placeholderRule.check(ctx) // [{ severity: 'warning', message: '"probe.greeting" uses {nom} but en uses {name}' }]
 */
export const placeholderRule: CheckRule = {
  id: 'placeholder',
  description: 'translations use the same {placeholders} as the base locale',
  advisory: true,
  fix: 'use exactly the {placeholders} of the base locale (translate the words around them, not the names)',
  check: (ctx) => keyUses(ctx.build).flatMap((u) => mismatch(ctx, u) ?? []),
};
