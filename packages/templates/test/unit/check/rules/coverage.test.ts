import { join } from 'node:path';
import { TRIGGERS } from '@mailroom/shared-types';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../../src/build/index.js';
import { coverageRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';
import { FIXTURE_ROOT } from '../../../support/temp.js';

describe('coverage rule', () => {
  it('reports a trigger without a template', async () => {
    const report = await runChecks({ root: FIXTURE_ROOT });
    const coverage = report.findings.filter((f) => f.rule === 'coverage').map((f) => f.message);
    expect(coverage).toContain('trigger ResendCode has no template: add templates/resend-code/');
  });

  it('names the folder to add for every trigger whose default template is missing', async () => {
    const root = probeRoot('rule-coverage');
    const findings = await checkRule(coverageRule, { root, requireAllTriggers: true });
    expect(findings).toHaveLength(TRIGGERS.length);
    expect(findings).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        rule: 'coverage',
        file: join(root, 'templates', 'resend-code'),
        line: null,
        message: 'trigger ResendCode has no template: add templates/resend-code/',
      }),
    );
  });

  it('stays quiet when fixtures opt out of requiring every trigger', async () => {
    const root = probeRoot('rule-coverage-opt-out');
    expect(await checkRule(coverageRule, { root, requireAllTriggers: false })).toEqual([]);
  });

  it('reports nothing for the shipped templates, which cover every trigger', async () => {
    expect(await checkRule(coverageRule, { requireAllTriggers: true })).toEqual([]);
  });
});
