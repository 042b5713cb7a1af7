import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { externalResourceRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

const FONT = 'https://fonts.example.com/css?family=Inter';
const WITH_FONT = (t: string) =>
  t
    .replace('<mj-style>', `<mj-font name="Inter" href="${FONT}" />\n    <mj-style>`)
    .replace('<mj-text css-class="probe-css">', '<mj-text css-class="probe-css" font-family="Inter, Arial">');

describe('external-resource rule', () => {
  it('reports a web font the brand did not ask for, at the line that names it', async () => {
    const root = probeRoot('rule-external', { 'templates/probe/email.mjml': WITH_FONT });
    const findings = await checkRule(externalResourceRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'external-resource',
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: 4,
        message: `default/en/default: the email loads ${FONT}, which brand "default" does not list in "fonts" (a request to a third party from every recipient)`,
        brand: 'default',
      }),
    ]);
  });

  it('accepts a web font the brand lists in "fonts"', async () => {
    const root = probeRoot('rule-external-allowed', {
      'templates/probe/email.mjml': WITH_FONT,
      'brands/default.json': (t) => t.replace('"templates": {}', `"templates": {},\n  "fonts": ["${FONT}"]`),
    });
    expect(await checkRule(externalResourceRule, { root })).toEqual([]);
  });

  // Regression: MJML added a Google Fonts <link> + @import because the font stack names Roboto (issue 16).
  it('does not let MJML add Google Fonts for a system font stack', async () => {
    const root = probeRoot('rule-external-roboto', {
      'templates/probe/email.mjml': (t) =>
        t.replace(
          '<mj-text css-class="probe-css">',
          '<mj-text css-class="probe-css" font-family="Roboto, Arial">',
        ),
    });
    expect(await checkRule(externalResourceRule, { root })).toEqual([]);
  });

  it('reports nothing for the fixture', async () => {
    expect(await checkRule(externalResourceRule, { root: probeRoot('rule-external-clean') })).toEqual([]);
  });
});
