import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { subjectRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('subject rule', () => {
  it('reports an empty subject at subject.hbs:1 for the locale that renders it empty', async () => {
    const root = probeRoot('rule-subject', {
      'locales/en.json': (t) => t.replace('"subject": "Hello {name} from {brand}"', '"subject": ""'),
    });
    const findings = await checkRule(subjectRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'subject',
        file: join(root, 'templates', 'probe', 'subject.hbs'),
        line: 1,
        message: 'default/en/default: subject is empty or not a single line',
        locale: 'en',
      }),
    ]);
  });

  it('reports nothing when every subject is one non-empty line', async () => {
    expect(await checkRule(subjectRule, { root: probeRoot('rule-subject-clean') })).toEqual([]);
  });
});
