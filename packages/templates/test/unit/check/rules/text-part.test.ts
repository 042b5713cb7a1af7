import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { textPartRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('text-part rule', () => {
  it('reports a text.hbs without the code or a link at its first line, once per brand and locale', async () => {
    const root = probeRoot('rule-text-part', { 'templates/probe/text.hbs': 'Hello {{displayName}}\n' });
    const findings = await checkRule(textPartRule, { root });
    const file = join(root, 'templates', 'probe', 'text.hbs');
    expect(findings).toEqual(
      ['en', 'fr'].flatMap((locale) => [
        expect.objectContaining({
          severity: 'error',
          rule: 'text-part',
          file,
          line: 1,
          message: `default/${locale}/default: the text part does not contain the code`,
          locale,
        }),
        expect.objectContaining({
          file,
          line: 1,
          message: `default/${locale}/default: the text part has no link`,
          locale,
        }),
      ]),
    );
  });

  it('reports a text.hbs that shows the code only inside a link, at the link', async () => {
    const root = probeRoot('rule-text-part-url', {
      'templates/probe/text.hbs': '{{t ".greeting"}}\nOpen {{links.primary}}\n',
    });
    const findings = await checkRule(textPartRule, { root });
    expect(findings).toEqual(
      ['en', 'fr'].map((locale) =>
        expect.objectContaining({
          file: join(root, 'templates', 'probe', 'text.hbs'),
          line: 2,
          message: `default/${locale}/default: the text part shows the code only inside a link`,
        }),
      ),
    );
  });

  it('accepts a text.hbs with the code and a link', async () => {
    const root = probeRoot('rule-text-part-ok', {
      'templates/probe/text.hbs': 'Your code: {{code}}\nOpen {{links.primary}}\n',
    });
    expect(await checkRule(textPartRule, { root })).toEqual([]);
  });

  it('reports nothing for the text part generated from the HTML', async () => {
    expect(await checkRule(textPartRule, { root: probeRoot('rule-text-part-clean') })).toEqual([]);
  });

  it('points a text part generated from the HTML at the mj-body it comes from', async () => {
    const root = probeRoot('rule-text-part-generated', {
      'templates/probe/email.mjml': (t) =>
        t
          .replace(' code={{code}}', '')
          .replace('href="{{links.primary}}"', 'href="https://app.probe.example/"'),
      'templates/probe/preview.json': (t) => t.replace('"code": "123456"', '"code": "918273"'),
    });
    const findings = await checkRule(textPartRule, { root });
    expect(findings[0]).toEqual(
      expect.objectContaining({
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: 8,
        message: 'default/en/default: the text part does not contain the code',
      }),
    );
  });
});
