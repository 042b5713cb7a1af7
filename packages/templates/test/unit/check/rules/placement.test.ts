import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placementRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('placement rule', () => {
  it('reports an mj-text straight in mj-body (strict MJML nesting) at its line', async () => {
    const root = probeRoot('rule-placement-body', {
      'templates/probe/email.mjml': (t) =>
        t.replace(
          '<mj-body background-color="[[brand.colors.background]]">',
          (m) => `${m}\n    <mj-text>{{t ".cta"}}</mj-text>`,
        ),
    });
    const findings = await checkRule(placementRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'placement',
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: 9,
        message: expect.stringMatching(/^MJML: mj-text cannot be used inside mj-body/),
      }),
    ]);
  });

  it('reports MJML inside an ending tag, which is copied out as raw HTML', async () => {
    const root = probeRoot('rule-placement-nested', {
      'templates/probe/email.mjml': (t) =>
        t.replace(
          '<a href="https://app.probe.example/help?plan={{userAttributes.plan}}">Help</a>',
          '<mj-button href="{{links.primary}}">{{t ".cta"}}</mj-button>',
        ),
    });
    const findings = await checkRule(placementRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        line: 14,
        message: '<mj-button> inside <mj-text> (line 14) is copied out as raw HTML and renders nothing',
      }),
    ]);
  });

  it('reports a second mj-head, which MJML ignores', async () => {
    const root = probeRoot('rule-placement-head', {
      'templates/probe/email.mjml': (t) =>
        t.replace(
          '  </mj-head>\n',
          '  </mj-head>\n  <mj-head><mj-preview>{{t ".cta"}}</mj-preview></mj-head>\n',
        ),
    });
    const findings = await checkRule(placementRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({ line: 8, message: 'a second <mj-head> (first on line 2) is ignored' }),
    ]);
  });

  it('reports nothing when every element sits where it renders', async () => {
    expect(await checkRule(placementRule, { root: probeRoot('rule-placement-clean') })).toEqual([]);
  });
});
