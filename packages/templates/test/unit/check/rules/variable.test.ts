import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { variableRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

const AFTER_HELP = (insert: string) => (t: string) => t.replace('">Help</a>', `">Help</a>${insert}`);

describe('variable rule', () => {
  // Regression: strict Handlebars only fails on branches a render takes; this variable would first fail at send time.
  it('reports a variable used only inside a branch no preview state enters', async () => {
    const root = probeRoot('rule-variable-branch', {
      'templates/probe/email.mjml': AFTER_HELP(' {{#if clientMetadata.vip}}{{clientMetadata.tier}}{{/if}}'),
    });
    const findings = await checkRule(variableRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'variable',
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: 14,
        message:
          '"clientMetadata.tier" is only used inside {{#if clientMetadata.vip}} (line 14), which no preview state of probe enters: strict mode never checked it',
        templateId: 'probe',
      }),
    ]);
  });

  it('accepts the branch once a preview state enters it', async () => {
    const root = probeRoot('rule-variable-entered', {
      'templates/probe/email.mjml': AFTER_HELP(' {{#if clientMetadata.vip}}{{clientMetadata.tier}}{{/if}}'),
      'templates/probe/preview.json': (t) =>
        t.replace('"plan": "pro" }', '"plan": "pro" }, "clientMetadata": { "vip": "yes", "tier": "gold" }'),
    });
    expect(await checkRule(variableRule, { root })).toEqual([]);
  });

  it('reports a name that is not in the typed data model, and a helper nobody registered', async () => {
    const root = probeRoot('rule-variable-model', {
      'templates/probe/email.mjml': AFTER_HELP(' <a href="{{links.verfy}}">{{t ".cta"}}</a>'),
      'templates/probe/subject.hbs': (t) => `{{upper code}} ${t}`,
    });
    const findings = await checkRule(variableRule, { root });
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: join(root, 'templates', 'probe', 'email.mjml'),
          line: 14,
          message:
            '"links.verfy" is not in the template data (TemplateContext in src/types.ts): it can never have a value',
        }),
        expect.objectContaining({
          file: join(root, 'templates', 'probe', 'subject.hbs'),
          line: 1,
          message: 'helper "upper" is not registered (known: t, attr, if, unless, each, with, lookup, log)',
        }),
      ]),
    );
  });

  it('reports nothing when every variable is known and previewed', async () => {
    expect(await checkRule(variableRule, { root: probeRoot('rule-variable-clean') })).toEqual([]);
  });
});
