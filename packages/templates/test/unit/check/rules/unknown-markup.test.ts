import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unknownMarkupRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('unknown-markup rule', () => {
  it('reports an attribute strict MJML rejects at its file and line', async () => {
    const root = probeRoot('rule-unknown-attr', {
      'templates/probe/email.mjml': (t) => t.replace('<mj-button href', '<mj-button colour="red" href'),
    });
    const findings = await checkRule(unknownMarkupRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'unknown-markup',
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: 13,
        message: 'MJML: Attribute colour is illegal',
        fix: unknownMarkupRule.fix,
      }),
    ]);
  });

  it('reports an element MJML does not know at its line', async () => {
    const root = probeRoot('rule-unknown-tag', {
      'templates/probe/email.mjml': (t) =>
        t.replace('<mj-button href', '<mj-buton href').replace('</mj-button>', '</mj-buton>'),
    });
    const findings = await checkRule(unknownMarkupRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: 13,
        message: "MJML: Element mj-buton doesn't exist or is not registered",
      }),
    ]);
  });

  it('reports a build-time token that does not exist at its line', async () => {
    const root = probeRoot('rule-unknown-token', {
      'templates/probe/email.mjml': (t) =>
        t.replace(
          'background-color="[[brand.colors.primary]]"',
          'background-color="[[brand.colors.primery]]"',
        ),
    });
    const findings = await checkRule(unknownMarkupRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        line: 13,
        message: expect.stringMatching(/^unknown build-time token \[\[brand\.colors\.primery\]\]/),
      }),
    ]);
  });

  it('reports nothing for known tags, attributes and tokens', async () => {
    expect(await checkRule(unknownMarkupRule, { root: probeRoot('rule-unknown-clean') })).toEqual([]);
  });
});
