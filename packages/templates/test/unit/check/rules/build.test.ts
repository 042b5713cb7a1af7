import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('build rule', () => {
  it('reports an attribute strict MJML rejects at its file and line', async () => {
    const root = probeRoot('rule-build-mjml', {
      'templates/probe/email.mjml': (t) => t.replace('<mj-button href', '<mj-button colour="red" href'),
    });
    const findings = await checkRule(buildRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'build',
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: 13,
        message: 'MJML: Attribute colour is illegal',
        fix: buildRule.fix,
      }),
    ]);
  });

  it('reports a Handlebars syntax error in the subject at its line', async () => {
    const root = probeRoot('rule-build-hbs', {
      'templates/probe/subject.hbs': (t) => t.replace('displayName}}', 'displayName}'),
    });
    const findings = await checkRule(buildRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: join(root, 'templates', 'probe', 'subject.hbs'),
        line: 1,
        message: expect.stringMatching(/^Handlebars: /),
      }),
    ]);
  });

  it('reports a catalog that is not valid JSON at its line', async () => {
    const root = probeRoot('rule-build-json', {
      'locales/fr.json': (t) => t.replace('"cta": "Ouvrir"', '"cta": "Ouvrir",'),
    });
    const findings = await checkRule(buildRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: join(root, 'locales', 'fr.json'),
        line: 3,
        message: expect.stringMatching(/^invalid JSON: /),
      }),
    ]);
  });

  it('reports nothing for sources that build', async () => {
    expect(await checkRule(buildRule, { root: probeRoot('rule-build-clean') })).toEqual([]);
  });
});
