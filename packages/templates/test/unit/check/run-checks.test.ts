import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport, runChecks } from '../../../src/build/index.js';
import { RULES } from '../../../src/check/index.js';
import { copyFixtureRoot, FIXTURE_ROOT, PACKAGE_DIR } from '../../support/temp.js';

describe('runChecks on the shipped templates', () => {
  it('passes: every template × brand × locale × preview state renders within the size limit', async () => {
    const report = await runChecks();
    const errors = report.findings.filter((f) => f.severity === 'error');
    expect(errors).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.rows.map((r) => r.templateId)).toContain('welcome-rich');
    expect(report.rows.every((r) => r.renders > 0 && r.failures === 0)).toBe(true);
    const welcome = report.rows.find((r) => r.templateId === 'welcome-rich');
    expect(welcome?.maxHtmlBytes).toBeGreaterThan(60_000);
    expect(formatReport(report, PACKAGE_DIR)).toMatch(/welcome-rich\s+\d+\s+0\s+[\d,]+ B/);
  });
});

describe('runChecks on fixtures', () => {
  it('flags images without alt text and links that are not https', async () => {
    const root = copyFixtureRoot('alt-https');
    try {
      const file = join(root.path, 'templates', 'probe', 'email.mjml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8')
          .replace('alt="[[brand.displayName]]" ', '')
          .replace('https://app.probe.example/help', 'http://app.probe.example/help'),
      );
      const report = await runChecks({ root: root.path, requireAllTriggers: false });
      const rules = new Set(report.findings.filter((f) => f.templateId === 'probe').map((f) => f.rule));
      expect(rules).toEqual(new Set(['img-alt', 'insecure-link']));
    } finally {
      root.cleanup();
    }
  });

  it('runs every rule in RULES order and stamps each finding with its rule id and fix hint', async () => {
    const report = await runChecks({ root: FIXTURE_ROOT });
    const order = RULES.map((r) => r.id);
    const seen = report.findings.map((f) => order.indexOf(f.rule));
    expect(new Set(report.findings.map((f) => f.rule))).toEqual(new Set(['coverage', 'size']));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    for (const f of report.findings) {
      expect(f.fix).toBe(RULES.find((r) => r.id === f.rule)?.fix);
    }
    expect(report.renders).toBe(4);
    expect(report.rows).toEqual([
      expect.objectContaining({ templateId: 'oversized', renders: 2, failures: 0, status: 'error' }),
      expect.objectContaining({ templateId: 'probe', renders: 2, failures: 0, status: 'ok' }),
    ]);
  });

  it('lists a template that does not build as an error row with no renders', async () => {
    const root = copyFixtureRoot('broken-row');
    try {
      const file = join(root.path, 'templates', 'probe', 'email.mjml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('<mj-button href', '<mj-button colour="red" href'),
      );
      const report = await runChecks({ root: root.path, requireAllTriggers: false });
      expect(report.ok).toBe(false);
      expect(report.rows.find((r) => r.templateId === 'probe')).toEqual({
        templateId: 'probe',
        renders: 0,
        failures: 0,
        maxHtmlBytes: 0,
        maxAt: '',
        status: 'error',
      });
    } finally {
      root.cleanup();
    }
  });
});
