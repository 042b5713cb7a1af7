import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlCodeRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('html-code rule', () => {
  it('reports HTML that shows the code only inside a link, once per brand and locale', async () => {
    const root = probeRoot('rule-html-code', {
      'templates/probe/email.mjml': (t) => t.replace(' code={{code}}', ''),
    });
    const findings = await checkRule(htmlCodeRule, { root });
    expect(findings).toEqual(
      ['en', 'fr'].map((locale) =>
        expect.objectContaining({
          severity: 'error',
          rule: 'html-code',
          file: join(root, 'templates', 'probe', 'email.mjml'),
          line: 13,
          message: `default/${locale}/default: the HTML part shows the code only inside a link or attribute (a reader whose links are blocked or broken cannot type it)`,
          locale,
        }),
      ),
    );
  });

  it('reports HTML without the code at the body it belongs in', async () => {
    const root = probeRoot('rule-html-code-none', {
      'templates/probe/email.mjml': (t) =>
        t
          .replace(' code={{code}}', '')
          .replace('href="{{links.primary}}"', 'href="https://app.probe.example/"'),
      // A code that is not also the brand colour #123456 (an attribute would count as "inside a link").
      'templates/probe/preview.json': (t) => t.replace('"code": "123456"', '"code": "918273"'),
    });
    const findings = await checkRule(htmlCodeRule, { root });
    expect(findings[0]).toEqual(
      expect.objectContaining({
        line: 8,
        message: expect.stringContaining('the HTML part does not show the code'),
      }),
    );
  });

  it('reports nothing when the code is shown as text', async () => {
    expect(await checkRule(htmlCodeRule, { root: probeRoot('rule-html-code-clean') })).toEqual([]);
  });
});
