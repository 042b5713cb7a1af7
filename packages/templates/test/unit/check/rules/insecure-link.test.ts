import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { insecureLinkRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('insecure-link rule', () => {
  it('reports a plain-http link once per template, against the email file', async () => {
    const root = probeRoot('rule-insecure-link', {
      'templates/probe/email.mjml': (t) =>
        t.replace('https://app.probe.example/help', 'http://app.probe.example/help'),
    });
    const findings = await checkRule(insecureLinkRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'insecure-link',
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: null,
        message:
          'default/en/default: href "http://app.probe.example/help?plan=pro" is not https (only localhost previews may use http)',
        templateId: 'probe',
      }),
    ]);
  });

  it('allows http on loopback, for previews', async () => {
    const root = probeRoot('rule-insecure-link-loopback', {
      'templates/probe/email.mjml': (t) =>
        t.replace('https://app.probe.example/help', 'http://localhost:3000/help'),
    });
    expect(await checkRule(insecureLinkRule, { root })).toEqual([]);
  });

  it('reports nothing when every link is https', async () => {
    expect(await checkRule(insecureLinkRule, { root: probeRoot('rule-insecure-link-clean') })).toEqual([]);
  });
});
