import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../../src/build/index.js';
import { renderRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';
import { copyFixtureRoot } from '../../../support/temp.js';

describe('render rule', () => {
  it('reports a variable the preview data lacks as a render error at its source line', async () => {
    const root = copyFixtureRoot('missing-variable');
    try {
      const preview = join(root.path, 'templates', 'probe', 'preview.json');
      writeFileSync(preview, readFileSync(preview, 'utf8').replace(', "plan": "pro"', ''));
      const report = await runChecks({ root: root.path, requireAllTriggers: false });
      const render = report.findings.filter((f) => f.rule === 'render');
      expect(render.length).toBe(2);
      expect(render[0]).toEqual(
        expect.objectContaining({
          file: join(root.path, 'templates', 'probe', 'email.mjml'),
          line: 12,
          message: expect.stringContaining('uses "plan"'),
        }),
      );
    } finally {
      root.cleanup();
    }
  });

  it('reports each failing rendering with its brand, locale and state', async () => {
    const root = probeRoot('rule-render', {
      'templates/probe/preview.json': (t) => t.replace(', "plan": "pro"', ''),
    });
    const findings = await checkRule(renderRule, { root });
    const file = join(root, 'templates', 'probe', 'email.mjml');
    expect(findings).toEqual(
      ['en', 'fr'].map((locale) =>
        expect.objectContaining({
          severity: 'error',
          rule: 'render',
          file,
          line: 12,
          message: expect.stringMatching(new RegExp(`^default/${locale}/default: .*uses "plan"`)),
          templateId: 'probe',
          brand: 'default',
          locale,
          state: 'default',
        }),
      ),
    );
  });

  it('reports nothing when every state has every variable', async () => {
    expect(await checkRule(renderRule, { root: probeRoot('rule-render-clean') })).toEqual([]);
  });
});
