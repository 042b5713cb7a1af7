import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { includeRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

const INCLUDE_AFTER_BODY = (path: string) => (t: string) =>
  t.replace(
    '<mj-body background-color="[[brand.colors.background]]">',
    (m) => `${m}\n    <mj-include path="${path}" />`,
  );

describe('include rule', () => {
  it('reports an mj-include of a missing file at its line (MJML drops the section silently)', async () => {
    const root = probeRoot('rule-include-missing', {
      'templates/probe/email.mjml': INCLUDE_AFTER_BODY('../../partials/missing.mjml'),
    });
    const findings = await checkRule(includeRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'include',
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: 9,
        message:
          'mj-include "../../partials/missing.mjml": partials/missing.mjml does not exist: MJML leaves <!-- mj-include denied --> and the section disappears',
      }),
    ]);
  });

  it('reports an mj-include that resolves to nothing', async () => {
    const root = probeRoot('rule-include-empty', {
      'partials/empty.mjml': '<!-- nothing yet -->\n',
      'templates/probe/email.mjml': INCLUDE_AFTER_BODY('../../partials/empty.mjml'),
    });
    const findings = await checkRule(includeRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({ line: 9, message: expect.stringMatching(/resolves to nothing/) }),
    ]);
  });

  it('reports an mj-include outside the package', async () => {
    const root = probeRoot('rule-include-outside', {
      'templates/probe/email.mjml': INCLUDE_AFTER_BODY('../../../../outside.mjml'),
    });
    const findings = await checkRule(includeRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({ line: 9, message: expect.stringMatching(/points outside the package/) }),
    ]);
  });

  it('reports nothing for includes that resolve', async () => {
    const root = probeRoot('rule-include-clean', {
      'templates/probe/email.mjml': INCLUDE_AFTER_BODY('../../partials/terms.mjml'),
    });
    expect(await checkRule(includeRule, { root })).toEqual([]);
  });
});
