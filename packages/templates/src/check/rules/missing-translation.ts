import { keyUses } from '../catalog-keys.js';
import type { CheckRule, RuleFinding } from '../rule.js';

/**
 * Every literal catalog key a template uses exists in every locale (send time would fall back to the
 * base locale: a sentence in the wrong language).
 * @example missingTranslationRule.check(ctx) // [{ file: '…/locales/fr.json', line: 3, message: '"probe.cta" is missing from fr.json (used at templates/probe/email.mjml:13)' }]
 */
export const missingTranslationRule: CheckRule = {
  id: 'missing-translation',
  description: 'every catalog key a template uses exists in every locale',
  fix: 'add the key to that locale file (copy it from the base locale and translate it)',
  check: (ctx) =>
    keyUses(ctx.build)
      .filter((u) => !u.hit)
      .map((u): RuleFinding => {
        const file = ctx.localeFile(u.locale.code);
        return {
          severity: 'error',
          file,
          // Point at the namespace object the key belongs in (or the top of the file).
          line: ctx.lineOfJsonKey(file, u.shown.split('.')[0] ?? u.shown) ?? 1,
          message: `"${u.shown}" is missing from ${u.locale.code}.json (used at ${ctx.relative(u.used.file)}:${u.used.line})`,
          templateId: u.template.id,
          locale: u.locale.code,
        };
      }),
};
