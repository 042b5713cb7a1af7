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
          message: `default/${locale}/default: the HTML part shows the code only inside a link or attribute (a reader whose links are blocked or broken cannot type it)`,
          locale,
        }),
      ),
    );
  });

  it('reports nothing when the code is shown as text', async () => {
    expect(await checkRule(htmlCodeRule, { root: probeRoot('rule-html-code-clean') })).toEqual([]);
  });
});
