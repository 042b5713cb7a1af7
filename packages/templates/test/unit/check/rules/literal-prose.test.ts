import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { literalProseRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('literal-prose rule', () => {
  it('reports three literal words in an mj-text at their line', async () => {
    const root = probeRoot('rule-prose', {
      'templates/probe/email.mjml': (t) => t.replace('">Help</a>', '">Get help now</a>'),
    });
    const findings = await checkRule(literalProseRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'literal-prose',
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: 14,
        message: 'literal text "Get help now" is not translated: move it to the catalogs',
      }),
    ]);
  });

  it('reports literal prose in text.hbs at its line', async () => {
    const root = probeRoot('rule-prose-text', {
      'templates/probe/text.hbs': '{{t ".greeting"}}\nYour code is {{code}}\n{{links.primary}}\n',
    });
    const findings = await checkRule(literalProseRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        file: join(root, 'templates', 'probe', 'text.hbs'),
        line: 2,
        message: 'literal text "Your code is" is not translated: move it to the catalogs',
      }),
    ]);
  });

  it('accepts short labels, symbols and text inside {{…}}', async () => {
    const root = probeRoot('rule-prose-short', {
      'templates/probe/email.mjml': (t) =>
        t.replace('">Help</a>', '">✓&nbsp;Help {{t ".cta"}}</a> · [[brand.displayName]]'),
    });
    expect(await checkRule(literalProseRule, { root })).toEqual([]);
  });

  it('reports nothing for the fixture', async () => {
    expect(await checkRule(literalProseRule, { root: probeRoot('rule-prose-clean') })).toEqual([]);
  });
});
