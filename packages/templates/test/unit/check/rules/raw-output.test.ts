import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawOutputRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('raw-output rule', () => {
  it('reports {{{…}}} in email.mjml and {{&…}} in the subject at their lines', async () => {
    const root = probeRoot('rule-raw-output', {
      'templates/probe/email.mjml': (t) => t.replace('code={{code}}', 'code={{{code}}}'),
      'templates/probe/subject.hbs': (t) => `{{&username}} ${t}`,
    });
    const findings = await checkRule(rawOutputRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'raw-output',
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: 12,
        message:
          'raw output of "code" ({{{…}}} or {{&…}}) skips HTML escaping: user data could inject markup',
      }),
      expect.objectContaining({
        file: join(root, 'templates', 'probe', 'subject.hbs'),
        line: 1,
        message: expect.stringMatching(/^raw output of "username"/),
      }),
    ]);
  });

  it('reports nothing for escaped output', async () => {
    expect(await checkRule(rawOutputRule, { root: probeRoot('rule-raw-output-clean') })).toEqual([]);
  });
});
