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
      // Both locales fail the same way: one problem, one finding (it names both renderings).
      expect(render.length).toBe(1);
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

  it('reports a failure repeated across renderings once, naming the brands, locales and states it spans', async () => {
    const root = probeRoot('rule-render', {
      'templates/probe/preview.json': (t) => t.replace(', "plan": "pro"', ''),
    });
    const findings = await checkRule(renderRule, { root });
    const file = join(root, 'templates', 'probe', 'email.mjml');
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'render',
        file,
        line: 12,
        message: expect.stringMatching(
          /uses "plan".* \(2 renderings: brand default · locales en, fr · state default\)$/,
        ),
        templateId: 'probe',
      }),
    ]);
    expect(findings[0]).not.toHaveProperty('locale');
  });

  it('names the brand, locale and state of a failure only one rendering has', async () => {
    const root = probeRoot('rule-render-one', {
      'locales/fr.json': (t) => t.replace('"greeting": "', '"greeting": "{unknown} '),
    });
    const findings = await checkRule(renderRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^default\/fr\/default: /),
        brand: 'default',
        locale: 'fr',
        state: 'default',
      }),
    ]);
  });

  it('leaves a missing translation to the missing-translation rule', async () => {
    const root = probeRoot('rule-render-typo', {
      'templates/probe/email.mjml': (t) => t.replace('{{t ".cta"}}', '{{t ".cat"}}'),
    });
    expect(await checkRule(renderRule, { root })).toEqual([]);
  });

  it('reports nothing when every state has every variable', async () => {
    expect(await checkRule(renderRule, { root: probeRoot('rule-render-clean') })).toEqual([]);
  });
});
