import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handBuiltLinkRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('hand-built-link rule', () => {
  it('reports an href that puts the code into a URL by hand, at its line', async () => {
    const root = probeRoot('rule-link-code', {
      'templates/probe/email.mjml': (t) =>
        t.replace('help?plan={{userAttributes.plan}}', 'verify?code={{code}}'),
    });
    const findings = await checkRule(handBuiltLinkRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'hand-built-link',
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: 14,
        message:
          'the link "https://app.probe.example/verify?code={{code}}" puts the code into a URL by hand (not URL-encoded, logged by proxies)',
      }),
    ]);
  });

  it('reports a URL with the username built in text.hbs', async () => {
    const root = probeRoot('rule-link-text', {
      'templates/probe/text.hbs': '{{code}}\n{{links.primary}}\n[[brand.appUrl]]/u/{{username}}\n',
    });
    const findings = await checkRule(handBuiltLinkRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        file: join(root, 'templates', 'probe', 'text.hbs'),
        line: 3,
        message: expect.stringMatching(/puts the username into a URL by hand/),
      }),
    ]);
  });

  it('accepts {{links.*}} and the code shown as text', async () => {
    expect(await checkRule(handBuiltLinkRule, { root: probeRoot('rule-link-clean') })).toEqual([]);
  });
});
