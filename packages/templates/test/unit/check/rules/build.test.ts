import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('build rule', () => {
  it('reports a template folder without email.mjml at that file', async () => {
    const root = probeRoot('rule-build-missing');
    rmSync(join(root, 'templates', 'probe', 'email.mjml'));
    const findings = await checkRule(buildRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'build',
        file: join(root, 'templates', 'probe', 'email.mjml'),
        message: 'template "probe" needs email.mjml',
        fix: buildRule.fix,
      }),
    ]);
  });

  it('reports nothing for sources that build', async () => {
    expect(await checkRule(buildRule, { root: probeRoot('rule-build-clean') })).toEqual([]);
  });
});
