import { rmSync } from 'node:fs';
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

  it('reports a subject.hbs that continues on a second line, at that line', async () => {
    const root = probeRoot('rule-subject-lines', {
      'templates/probe/subject.hbs': (t) => `${t.trim()}\n{{code}}\n`,
    });
    const findings = await checkRule(subjectRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        file: join(root, 'templates', 'probe', 'subject.hbs'),
        line: 1,
        message: 'subject.hbs continues on the next line: a subject is one line (CR/LF would end the header)',
      }),
    ]);
  });

  it('reports a translation used in a subject that contains a line break', async () => {
    const root = probeRoot('rule-subject-crlf', {
      'locales/fr.json': (t) =>
        t.replace(
          '"subject": "Bonjour {name} de {brand}"',
          '"subject": "Bonjour {name}\\r\\nBcc: x@example.com"',
        ),
    });
    const findings = await checkRule(subjectRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        file: join(root, 'locales', 'fr.json'),
        line: 3,
        message:
          '"probe.subject" (fr) contains a line break and is used in a subject (templates/probe/subject.hbs:1)',
        locale: 'fr',
      }),
    ]);
  });

  it('reports an empty subject.hbs at line 1', async () => {
    const root = probeRoot('rule-subject-blank', { 'templates/probe/subject.hbs': '\n' });
    const findings = await checkRule(subjectRule, { root });
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: join(root, 'templates', 'probe', 'subject.hbs'),
          line: 1,
          message: 'subject.hbs is empty',
        }),
      ]),
    );
  });

  it('reports a template without subject.hbs', async () => {
    const root = probeRoot('rule-subject-missing');
    rmSync(join(root, 'templates', 'probe', 'subject.hbs'));
    const findings = await checkRule(subjectRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        file: join(root, 'templates', 'probe', 'subject.hbs'),
        message: 'template "probe" needs subject.hbs',
      }),
    ]);
  });

  it('reports nothing when every subject is one non-empty line', async () => {
    expect(await checkRule(subjectRule, { root: probeRoot('rule-subject-clean') })).toEqual([]);
  });
});
