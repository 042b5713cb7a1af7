import type { CompileResult, UsedKey } from '../build/compile.js';
import type { BuildResult } from '../build/registry.js';
import type { RegistryLocale } from '../types.js';

/** One catalog key a template uses, looked up in one locale. */
export interface KeyUse {
  template: CompileResult;
  locale: RegistryLocale;
  used: UsedKey;
  /** The key as a designer would name it (`sign-up.heading` for `.heading` in sign-up). */
  shown: string;
  /** The catalog entry it resolves to in this locale (a variant falls back to its base's section). */
  hit: string | undefined;
}

/**
 * Keys a used key may resolve to: `.x` is the template's section, then the section of what it varies.
 * @example keyCandidates(welcomeRich, { key: '.cta', … }) // ['welcome-rich.cta', 'sign-up.cta']
 */
export function keyCandidates(template: CompileResult, used: UsedKey): string[] {
  if (!used.key.startsWith('.')) return [used.key];
  const variantOf = template.source?.variantOf;
  return [template.id, ...(variantOf ? [variantOf] : [])].map((ns) => ns + used.key);
}

function usesOf(template: CompileResult, locales: readonly RegistryLocale[]): KeyUse[] {
  const seen = new Set<string>();
  const out: KeyUse[] = [];
  for (const used of template.usedKeys) {
    const keys = keyCandidates(template, used);
    const shown = keys[0] ?? used.key;
    for (const locale of locales) {
      const id = `${locale.code}\0${shown}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const hit = keys.find((k) => Object.hasOwn(locale.messages, k));
      out.push({ template, locale, used, shown, hit });
    }
  }
  return out;
}

/**
 * Every literal catalog key every template uses, once per template × locale × key, resolved against
 * that locale, for the translation rules.
 * @example keyUses(build).filter((u) => !u.hit) // the missing translations
 */
export function keyUses(build: BuildResult): KeyUse[] {
  return build.templates.flatMap((t) => usesOf(t, build.locales));
}
