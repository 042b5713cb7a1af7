import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handlebarsRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('handlebars rule', () => {
  it('reports a Handlebars syntax error in the subject at its line', async () => {
    const root = probeRoot('rule-hbs-subject', {
      'templates/probe/subject.hbs': (t) => t.replace('displayName}}', 'displayName}'),
    });
    const findings = await checkRule(handlebarsRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'handlebars',
        file: join(root, 'templates', 'probe', 'subject.hbs'),
        line: 1,
        message: expect.stringMatching(/^Handlebars: /),
      }),
    ]);
  });

  it('reports an unclosed block in email.mjml at its line', async () => {
    const root = probeRoot('rule-hbs-block', {
      'templates/probe/email.mjml': (t) =>
        t.replace('{{t ".cta"}}</mj-button>', '{{#if code}}{{t ".cta"}}</mj-button>'),
    });
    const findings = await checkRule(handlebarsRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: expect.any(Number),
        message: expect.stringMatching(/^Handlebars: /),
      }),
    ]);
  });

  it('reports nothing for sources that parse', async () => {
    expect(await checkRule(handlebarsRule, { root: probeRoot('rule-hbs-clean') })).toEqual([]);
  });
});
