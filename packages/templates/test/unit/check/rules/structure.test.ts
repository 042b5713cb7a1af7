import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileTemplate, runChecks } from '../../../../src/build/index.js';
import { structureRule } from '../../../../src/check/rules/index.js';
import { checkRule, probeRoot } from '../../../support/check.js';

describe('structure rule', () => {
  // Regression: an unclosed <mj-text> compiled with no error and swallowed the next paragraphs (issue 16).
  it('reports an unclosed mj-text that MJML closes silently, at the line it opens', async () => {
    const root = probeRoot('rule-structure-unclosed', {
      'templates/probe/email.mjml': (t) => t.replace('code={{code}}</mj-text>', 'code={{code}}'),
    });
    const report = await runChecks({ root, requireAllTriggers: false });
    const findings = report.findings.filter((f) => f.rule === 'structure');
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: 12,
        message:
          '<mj-text> opened on line 12 is never closed: MJML swallows everything up to the next </mj-text> (line 14)',
      }),
    ]);
    // MJML itself accepts it, even under strict validation: only this rule stands between it and a send;
    // and one typo is one finding (what it swallowed is not reported again as misplaced MJML or prose).
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual(['structure']);
  });

  it('makes compileTemplate (the studio’s live compile) refuse it too, at the same line', async () => {
    const root = probeRoot('rule-structure-compile', {
      'templates/probe/email.mjml': (t) => t.replace('code={{code}}</mj-text>', 'code={{code}}'),
    });
    const result = await compileTemplate('probe', { root });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      expect.objectContaining({
        rule: 'structure',
        file: join(root, 'templates', 'probe', 'email.mjml'),
        line: 12,
      }),
    ]);
  });

  it('reports an mj-column that is never closed, at the line it opens', async () => {
    const root = probeRoot('rule-structure-column', {
      'templates/probe/email.mjml': (t) => t.replace('      </mj-column>\n', ''),
    });
    const findings = await checkRule(structureRule, { root });
    expect(findings).toEqual([
      expect.objectContaining({
        line: 10,
        message:
          '<mj-column> opened on line 10 is never closed: MJML closes it silently at </mj-section> on line 15',
      }),
    ]);
  });

  it('reports a closing tag that closes nothing, and misnested HTML inside an ending tag', async () => {
    const root = probeRoot('rule-structure-stray', {
      'templates/probe/email.mjml': (t) =>
        t.replace('</mj-column>', '</mj-column></mj-column>').replace('">Help</a>', '"><strong>Help</a>'),
    });
    const findings = await checkRule(structureRule, { root });
    const file = join(root, 'templates', 'probe', 'email.mjml');
    expect(findings).toEqual([
      expect.objectContaining({
        file,
        line: 14,
        message: expect.stringMatching(/^<strong> opened on line 14 is never closed/),
      }),
      expect.objectContaining({
        file,
        line: 15,
        message: '</mj-column> on line 15 closes nothing (no open <mj-column>): MJML drops it',
      }),
    ]);
  });

  it('accepts void elements and optional end tags inside ending tags', async () => {
    const root = probeRoot('rule-structure-html', {
      'templates/probe/email.mjml': (t) =>
        t.replace(
          '">Help</a>',
          '">Help</a><br><img src="https://assets.example.com/x.png" alt="x"><p>{{t ".cta"}}',
        ),
    });
    expect(await checkRule(structureRule, { root })).toEqual([]);
  });

  it('reports nothing for well-formed sources', async () => {
    expect(await checkRule(structureRule, { root: probeRoot('rule-structure-clean') })).toEqual([]);
  });
});
