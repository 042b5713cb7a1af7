import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imgAltRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('img-alt rule', () => {
  it('reports an image without alt at the line of its src, once per brand and image', async () => {
    const root = probeRoot('rule-img-alt', {
      'templates/probe/email.mjml': (t) =>
        t.replace(
          '<mj-button',
          '<mj-image src="https://assets.example.com/badge.png" />\n        <mj-button',
        ),
    });
    const findings = await checkRule(imgAltRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'img-alt',
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: 13,
        message:
          'default/en/default: image https://assets.example.com/badge.png has no alt text (screen readers, blocked images)',
        templateId: 'probe',
        brand: 'default',
      }),
    ]);
  });

  it('reports an image whose src comes from the brand without a line (the URL is not in the source)', async () => {
    const root = probeRoot('rule-img-alt-brand', {
      'templates/probe/email.mjml': (t) => t.replace('alt="[[brand.displayName]]" ', ''),
    });
    const findings = await checkRule(imgAltRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: null,
        message: expect.stringContaining('image https://assets.example.com/probe.png has no alt text'),
      }),
    ]);
  });

  it('reports nothing when every image has alt text', async () => {
    expect(await checkRule(imgAltRule, { root: probeRoot('rule-img-alt-clean') })).toEqual([]);
  });
});
