import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../../src/build/index.js';
import { sizeRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';
import { FIXTURE_ROOT } from '../../../support/temp.js';

describe('size rule', () => {
  it("fails the oversized template on Gmail's clipping limit and passes the small one", async () => {
    const report = await runChecks({ root: FIXTURE_ROOT, requireAllTriggers: false });
    const size = report.findings.filter((f) => f.rule === 'size');
    expect(report.ok).toBe(false);
    expect(size.length).toBeGreaterThan(0);
    expect(size.every((f) => f.severity === 'error' && f.templateId === 'oversized')).toBe(true);
    expect(size[0]?.file).toBe(join(FIXTURE_ROOT, 'templates', 'oversized', 'email.mjml'));
    expect(size[0]?.message).toMatch(/HTML is 1\d\d\.\d KB; Gmail clips/);
    expect(report.rows.find((r) => r.templateId === 'probe')?.status).toBe('ok');
  });

  it('warns between 80 KB and the clipping limit', async () => {
    const report = await runChecks({
      root: FIXTURE_ROOT,
      requireAllTriggers: false,
      warnBytes: 4 * 1024,
      failBytes: 1024 * 1024,
    });
    const probe = report.findings.filter((f) => f.templateId === 'probe' && f.rule === 'size');
    expect(probe.length).toBeGreaterThan(0);
    expect(probe.every((f) => f.severity === 'warning')).toBe(true);
  });

  it('reports every rendering over the line against the email file (the whole email, so no line)', async () => {
    const root = probeRoot('rule-size');
    const findings = await checkRule(sizeRule, { root, warnBytes: 1024, failBytes: 4 * 1024 });
    expect(findings).toEqual(
      ['en', 'fr'].map((locale) =>
        expect.objectContaining({
          severity: 'error',
          rule: 'size',
          file: join(root, 'templates', 'probe', 'email.mjml'),
          line: null,
          message: expect.stringMatching(
            new RegExp(`^default/${locale}/default: HTML is \\d+\\.\\d KB; Gmail clips`),
          ),
          locale,
        }),
      ),
    );
  });

  it('reports nothing under the default thresholds for a small email', async () => {
    expect(await checkRule(sizeRule, { root: probeRoot('rule-size-clean') })).toEqual([]);
  });
});
