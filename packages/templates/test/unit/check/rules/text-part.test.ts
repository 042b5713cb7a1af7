import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { textPartRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('text-part rule', () => {
  it('reports a text.hbs without the code or a link, once per brand and locale', async () => {
    const root = probeRoot('rule-text-part', { 'templates/probe/text.hbs': 'Hello {{displayName}}\n' });
    const findings = await checkRule(textPartRule, { root });
    const file = join(root, 'templates', 'probe', 'text.hbs');
    expect(findings).toEqual(
      ['en', 'fr'].flatMap((locale) => [
        expect.objectContaining({
          severity: 'error',
          rule: 'text-part',
          file,
          line: null,
          message: `default/${locale}/default: the text part does not contain the code`,
          locale,
        }),
        expect.objectContaining({
          file,
          message: `default/${locale}/default: the text part has no link`,
          locale,
        }),
      ]),
    );
  });

  it('reports a text.hbs that shows the code only inside a link', async () => {
    const root = probeRoot('rule-text-part-url', { 'templates/probe/text.hbs': 'Open {{links.primary}}\n' });
    const findings = await checkRule(textPartRule, { root });
    expect(findings).toEqual(
      ['en', 'fr'].map((locale) =>
        expect.objectContaining({
          file: join(root, 'templates', 'probe', 'text.hbs'),
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
});
