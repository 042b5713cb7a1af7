import { type KeyUse, keyUses } from '../catalog-keys.js';
import type { CheckContext } from '../context.js';
import type { CheckRule, RuleFinding } from '../rule.js';
import { groupBy } from '../scopes.js';

function at(ctx: CheckContext, code: string, key: string): { file: string; line: number } {
  const file = ctx.localeFile(code);
  // Point at the namespace object the key belongs in (or the top of the file).
  return { file, line: ctx.lineOfJsonKey(file, key.split('.')[0] ?? key) ?? 1 };
}

/**
 * Keys a template uses that locales lack: one finding per key and use, naming every locale that lacks it.
 * Missing from every locale, it is a mistyped (or not yet added) key: the finding points at the use. Missing
 * from some, it points at the first locale file that lacks it.
 */
function usedButMissing(ctx: CheckContext, missing: readonly KeyUse[]): RuleFinding[] {
  const all = ctx.build.locales.length;
  const uses = groupBy(missing, (u) => [u.template.id, u.shown, u.used.file, u.used.line].join('\0'));
  return [...uses.values()].map((group) => {
    const [u] = group as [KeyUse, ...KeyUse[]];
    const files = group.map((g) => `${g.locale.code}.json`).join(', ');
    const usedAt = `${ctx.relative(u.used.file)}:${u.used.line}`;
    if (group.length === all && all > 1) {
      return {
        severity: 'error',
        file: u.used.file,
        line: u.used.line,
        message: `"${u.shown}" is in no locale (missing from ${files}): a mistyped key, or a new one none has yet`,
        fix: 'correct the key in the template, or add it to every locale file',
        templateId: u.template.id,
      };
    }
    return {
      severity: 'error',
      ...at(ctx, u.locale.code, u.shown),
      message: `"${u.shown}" is missing from ${files} (used at ${usedAt})`,
      templateId: u.template.id,
      ...(group.length === 1 ? { locale: u.locale.code } : {}),
    };
  });
}

/** Keys other catalogs have that a locale lacks (not already reported as used). */
function lessThanOthers(ctx: CheckContext, reported: Set<string>): RuleFinding[] {
  const { locales } = ctx.build;
  const out: RuleFinding[] = [];
  for (const locale of locales) {
    const missing = new Map<string, string[]>();
    for (const other of locales) {
      if (other === locale) continue;
      for (const key of Object.keys(other.messages)) {
        if (Object.hasOwn(locale.messages, key) || reported.has(`${locale.code}\0${key}`)) continue;
        missing.set(key, [...(missing.get(key) ?? []), `${other.code}.json`]);
      }
    }
    for (const [key, holders] of missing) {
      out.push({
        severity: 'error',
        ...at(ctx, locale.code, key),
        message: `"${key}" is in ${holders.join(', ')} but missing from ${locale.code}.json`,
        locale: locale.code,
      });
    }
  }
  return out;
}

/**
 * Every catalog key a template uses exists in every locale (send time would fall back to the base
 * locale: a sentence in the wrong language), and every locale has every key the others have.
 * @example missingTranslationRule.check(ctx) // [{ file: '…/locales/fr.json', line: 3, message: '"probe.cta" is missing from fr.json (used at templates/probe/email.mjml:13)' }]
 */
export const missingTranslationRule: CheckRule = {
  id: 'missing-translation',
  description: 'every locale has every key the templates use and the other locales have',
  fix: 'add the key to that locale file (copy it from the base locale and translate it)',
  check: (ctx) => {
    const missing = keyUses(ctx.build).filter((u) => !u.hit);
    const reported = new Set(missing.map((u) => `${u.locale.code}\0${u.shown}`));
    return [...usedButMissing(ctx, missing), ...lessThanOthers(ctx, reported)];
  },
};
