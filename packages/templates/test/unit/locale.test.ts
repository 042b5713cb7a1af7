import { describe, expect, it } from 'vitest';
import { matchLocale, normalizeLocaleTag } from '../../src/locale.js';

describe('normalizeLocaleTag', () => {
  it('accepts underscores and any casing', () => {
    expect(normalizeLocaleTag('pt_br')).toBe('pt-BR');
    expect(normalizeLocaleTag(' ZH-hant-tw ')).toBe('zh-Hant-TW');
  });

  it('rejects junk', () => {
    expect(normalizeLocaleTag('')).toBe('');
    expect(normalizeLocaleTag('../../etc/passwd')).toBe('');
    expect(normalizeLocaleTag('<b>')).toBe('');
  });
});

describe('matchLocale', () => {
  const available = ['ar', 'de', 'en', 'pt', 'zh-Hant'];

  it('prefers an exact match, then drops subtags from the end', () => {
    expect(matchLocale('en', available)).toBe('en');
    expect(matchLocale('pt-BR', available)).toBe('pt');
    expect(matchLocale('zh-Hant-TW', available)).toBe('zh-Hant');
    expect(matchLocale('ar-EG', available)).toBe('ar');
  });

  it('returns undefined when neither the tag nor its language is available', () => {
    expect(matchLocale('fr-CA', available)).toBeUndefined();
    expect(matchLocale('zh-Hans', available)).toBeUndefined();
  });
});
