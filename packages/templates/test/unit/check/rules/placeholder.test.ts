import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeholderRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('placeholder rule', () => {
  it('warns at the key when a translation renames a placeholder', async () => {
    const root = probeRoot('rule-placeholder', {
      'locales/fr.json': (text) => {
        const messages = JSON.parse(text);
        messages.probe.greeting = 'Salut {nom}';
        return `${JSON.stringify(messages, null, 2)}\n`;
      },
    });
    const findings = await checkRule(placeholderRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        rule: 'placeholder',
        file: join(root, 'locales', 'fr.json'),
        line: 8,
        message: '"probe.greeting" uses {nom} but en uses {name}',
        templateId: 'probe',
        locale: 'fr',
      }),
    ]);
  });

  it('reports nothing when translations keep the base placeholders', async () => {
    expect(await checkRule(placeholderRule, { root: probeRoot('rule-placeholder-clean') })).toEqual([]);
  });
});
