import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('json rule', () => {
  it('reports a catalog that is not valid JSON at its line', async () => {
    const root = probeRoot('rule-json-parse', {
      'locales/fr.json': (t) => t.replace('"cta": "Ouvrir"', '"cta": "Ouvrir",'),
    });
    const findings = await checkRule(jsonRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'json',
        file: join(root, 'locales', 'fr.json'),
        line: 3,
        message: expect.stringMatching(/^invalid JSON: /),
      }),
    ]);
  });

  it('reports a brand colour that is missing with its JSON path and line', async () => {
    const root = probeRoot('rule-json-brand', {
      'brands/default.json': (t) => t.replace('"primary": "#123456", ', ''),
    });
    const findings = await checkRule(jsonRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        file: join(root, 'brands', 'default.json'),
        line: 4,
        message: '$.colors.primary must be a hex colour like "#4f46e5"',
      }),
    ]);
  });

  it('reports a preview state without a username with its JSON path and line', async () => {
    const root = probeRoot('rule-json-preview', {
      'templates/probe/preview.json': (t) => t.replace('"username": "probe-user", ', ''),
    });
    const findings = await checkRule(jsonRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        file: join(root, 'templates', 'probe', 'preview.json'),
        line: 7,
        message: '$.states.default.data.username is required: a string',
      }),
    ]);
  });

  it('reports a catalog without its text direction', async () => {
    const root = probeRoot('rule-json-locale', {
      'locales/fr.json': (t) => t.replace(', "dir": "ltr"', ''),
    });
    const findings = await checkRule(jsonRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        file: join(root, 'locales', 'fr.json'),
        line: 2,
        message: '$._meta.dir is required: "ltr" or "rtl"',
      }),
    ]);
  });

  it('reports nothing for complete JSON files', async () => {
    expect(await checkRule(jsonRule, { root: probeRoot('rule-json-clean') })).toEqual([]);
  });
});
