import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../../src/build/index.js';
import { missingTranslationRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';
import { copyFixtureRoot } from '../../../support/temp.js';

/** fr.json one key per line, so a finding's line number says something. */
const prettyFr = (edit: (messages: Record<string, Record<string, string>>) => void) => (text: string) => {
  const messages = JSON.parse(text);
  edit(messages);
  return `${JSON.stringify(messages, null, 2)}\n`;
};

describe('missing-translation rule', () => {
  it('lists a missing translation with the locale file and where the key is used', async () => {
    const root = copyFixtureRoot('missing-translation');
    try {
      const fr = join(root.path, 'locales', 'fr.json');
      writeFileSync(fr, readFileSync(fr, 'utf8').replace('"cta": "Ouvrir"', '"ctaX": "Ouvrir"'));
      const report = await runChecks({ root: root.path, requireAllTriggers: false });
      const missing = report.findings.filter((f) => f.rule === 'missing-translation');
      expect(missing).toEqual([
        expect.objectContaining({
          severity: 'error',
          file: fr,
          line: 3,
          locale: 'fr',
          templateId: 'probe',
          message: '"probe.cta" is missing from fr.json (used at templates/probe/email.mjml:13)',
        }),
        // The renamed key is one en.json lacks: a locale missing a key another has is reported too.
        expect.objectContaining({
          severity: 'error',
          file: join(root.path, 'locales', 'en.json'),
          line: 3,
          locale: 'en',
          message: '"probe.ctaX" is in fr.json but missing from en.json',
        }),
      ]);
    } finally {
      root.cleanup();
    }
  });

  it('reports a key other locales have that one lacks, even when no template uses it', async () => {
    const root = probeRoot('rule-missing-translation-unused', {
      'locales/en.json': (t) => t.replace('"cta": "Open"', '"cta": "Open", "footer": "Thanks"'),
    });
    const findings = await checkRule(missingTranslationRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: join(root, 'locales', 'fr.json'),
        line: 3,
        locale: 'fr',
        message: '"probe.footer" is in en.json but missing from fr.json',
      }),
    ]);
  });

  it('points at the namespace the key belongs in, once per locale and key', async () => {
    const root = probeRoot('rule-missing-translation', {
      'locales/fr.json': prettyFr((m) => {
        delete m.probe?.greeting;
      }),
    });
    const findings = await checkRule(missingTranslationRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'missing-translation',
        file: join(root, 'locales', 'fr.json'),
        line: 6,
        message: '"probe.greeting" is missing from fr.json (used at templates/probe/email.mjml:12)',
        templateId: 'probe',
        locale: 'fr',
      }),
    ]);
  });

  it('reports nothing when every locale has every key', async () => {
    expect(
      await checkRule(missingTranslationRule, { root: probeRoot('rule-missing-translation-clean') }),
    ).toEqual([]);
  });
});
