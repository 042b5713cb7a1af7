import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attributeValueRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('attribute-value rule', () => {
  it('reports an invalid colour at its line', async () => {
    const root = probeRoot('rule-value-color', {
      'templates/probe/email.mjml': (t) => t.replace('<mj-text css-class', '<mj-text color="#12" css-class'),
    });
    const findings = await checkRule(attributeValueRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'attribute-value',
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: 12,
        message: expect.stringMatching(/^MJML: Attribute color has invalid value: #12 for type Color/),
      }),
    ]);
  });

  it('reports a unit MJML does not accept at its line', async () => {
    const root = probeRoot('rule-value-unit', {
      'templates/probe/email.mjml': (t) => t.replace('<mj-button href', '<mj-button font-size="12pt" href'),
    });
    const findings = await checkRule(attributeValueRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        line: 13,
        message: expect.stringMatching(/^MJML: Attribute font-size has invalid value: 12pt for type Unit/),
      }),
    ]);
  });

  it('reports nothing for valid colours and units', async () => {
    expect(await checkRule(attributeValueRule, { root: probeRoot('rule-value-clean') })).toEqual([]);
  });
});
