import { describe, expect, it } from 'vitest';
import { type CheckReport, formatReport } from '../../../src/check/index.js';
import { missingTranslationRule, sizeRule } from '../../../src/check/rules/index.js';

const ROOT = '/pkg';

const report: CheckReport = {
  ok: false,
  renders: 4,
  durationMs: 1234.4,
  rows: [
    {
      templateId: 'probe',
      renders: 2,
      failures: 0,
      maxHtmlBytes: 5551,
      maxAt: 'default/fr/default',
      status: 'warning',
    },
    {
      templateId: 'oversized',
      renders: 2,
      failures: 0,
      maxHtmlBytes: 172189,
      maxAt: 'default/en/default',
      status: 'error',
    },
  ],
  findings: [
    {
      severity: 'warning',
      rule: 'size',
      file: `${ROOT}/templates/probe/email.mjml`,
      line: null,
      message: 'default/fr/default: HTML is 5.4 KB; over the 4 KB warning line',
      fix: sizeRule.fix,
    },
    {
      severity: 'error',
      rule: 'size',
      file: `${ROOT}/templates/oversized/email.mjml`,
      line: null,
      message: 'default/en/default: HTML is 168.2 KB; Gmail clips messages above ~102 KB',
      fix: sizeRule.fix,
    },
    {
      severity: 'error',
      rule: 'missing-translation',
      file: `${ROOT}/locales/fr.json`,
      line: 3,
      message: '"probe.cta" is missing from fr.json (used at templates/probe/email.mjml:13)',
      fix: 'copy "probe.cta" from en.json',
    },
    {
      severity: 'info',
      rule: 'custom',
      file: null,
      line: null,
      message: 'a rule this version does not know',
    },
  ],
};

describe('formatReport', () => {
  it('prints the table, then the findings grouped per rule in RULES order with the fix hint, then the totals', () => {
    expect(formatReport(report, ROOT).split('\n')).toEqual([
      'template   renders  failed  largest HTML  largest at          status',
      '---------  -------  ------  ------------  ------------------  -------',
      'probe      2        0       5,551 B       default/fr/default  WARNING',
      'oversized  2        0       172,189 B     default/en/default  ERROR',
      '',
      `[missing-translation] ${missingTranslationRule.description}: 1 error(s)`,
      `  fix: ${missingTranslationRule.fix}`,
      '  error   locales/fr.json:3  "probe.cta" is missing from fr.json (used at templates/probe/email.mjml:13)',
      '          fix: copy "probe.cta" from en.json',
      '',
      `[size] ${sizeRule.description}: 1 error(s), 1 warning(s)`,
      `  fix: ${sizeRule.fix}`,
      '  error   templates/oversized/email.mjml  default/en/default: HTML is 168.2 KB; Gmail clips messages above ~102 KB',
      '  warning templates/probe/email.mjml  default/fr/default: HTML is 5.4 KB; over the 4 KB warning line',
      '',
      '[custom]: 1 info(s)',
      '  info    -  a rule this version does not know',
      '',
      '4 renders, 2 error(s), 1 warning(s) in 1234 ms',
    ]);
  });

  it('prints only the table and the totals when nothing was found', () => {
    const clean: CheckReport = { ...report, ok: true, findings: [], rows: [] };
    expect(formatReport(clean, ROOT).split('\n').slice(2)).toEqual([
      '',
      '4 renders, 0 error(s), 0 warning(s) in 1234 ms',
    ]);
  });
});
