import { describe, expect, it } from 'vitest';
import { compatibilityReport, mjmlBaselineFeatures } from '../../../../src/check/compat.js';
import { compatRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('compat rule', () => {
  it('warns about a CSS feature Outlook on Windows does not support, with the clients and a link', async () => {
    const root = probeRoot('rule-compat', {
      'templates/probe/email.mjml': (t) => t.replace('.probe-css {', '.probe-css { display: flex;'),
    });
    const findings = await checkRule(compatRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        rule: 'compat',
        message: expect.stringMatching(
          /^display:flex is not supported by .*Outlook Windows.* \(used by probe\): https:\/\/www\.caniemail\.com\/features\/css-display-flex\/$/,
        ),
        templateId: 'probe',
      }),
    ]);
  });

  it('reports nothing beyond what every MJML email has', async () => {
    expect(await checkRule(compatRule, { root: probeRoot('rule-compat-clean') })).toEqual([]);
  });
});

describe('compatibilityReport', () => {
  it('names the feature, the clients and the caniemail page', () => {
    const report = compatibilityReport('<div style="display:flex">x</div>');
    expect(report.issues).toEqual([
      {
        feature: 'display:flex',
        support: 'none',
        clients: ['Outlook Windows'],
        url: 'https://www.caniemail.com/features/css-display-flex/',
        notes: [],
      },
    ]);
  });

  it('lists partly supported features on request', () => {
    const report = compatibilityReport('<div style="display:flex">x</div>', { partial: true });
    expect(report.issues.map((i) => `${i.support} ${i.feature}`)).toEqual(
      expect.arrayContaining(['none display:flex', 'partial display']),
    );
  });

  it('knows what MJML itself brings (its <body> and reset CSS)', async () => {
    expect(await mjmlBaselineFeatures()).toContain('<body> element');
  });
});
