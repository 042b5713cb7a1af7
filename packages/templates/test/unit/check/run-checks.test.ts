import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport, runChecks } from '../../src/build/index.js';
import { copyFixtureRoot, FIXTURE_ROOT, PACKAGE_DIR } from '../helpers/temp.js';

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
  it("fails the oversized template on Gmail's clipping limit and passes the small one", async () => {
    const report = await runChecks({ root: FIXTURE_ROOT, requireAllTriggers: false });
    const size = report.findings.filter((f) => f.rule === 'size');
    expect(report.ok).toBe(false);
    expect(size.length).toBeGreaterThan(0);
    expect(size.every((f) => f.severity === 'error' && f.templateId === 'oversized')).toBe(true);
    expect(size[0]?.file).toBe(join(FIXTURE_ROOT, 'templates', 'oversized', 'email.mjml'));
    expect(size[0]?.message).toMatch(/HTML is 1\d\d\.\d KB; Gmail clips/);
    expect(report.rows.find((r) => r.templateId === 'probe')?.status).toBe('ok');
  });

  it('warns between 80 KB and the clipping limit', async () => {
    const report = await runChecks({
      root: FIXTURE_ROOT,
      requireAllTriggers: false,
      warnBytes: 4 * 1024,
      failBytes: 1024 * 1024,
    });
    const probe = report.findings.filter((f) => f.templateId === 'probe' && f.rule === 'size');
    expect(probe.length).toBeGreaterThan(0);
    expect(probe.every((f) => f.severity === 'warning')).toBe(true);
  });

  it('lists a missing translation with the locale file and where the key is used', async () => {
    const root = copyFixtureRoot('missing-translation');
    try {
      const fr = join(root.path, 'locales', 'fr.json');
      writeFileSync(fr, readFileSync(fr, 'utf8').replace('"cta": "Ouvrir"', '"ctaX": "Ouvrir"'));
      const report = await runChecks({ root: root.path, requireAllTriggers: false });
      const missing = report.findings.filter((f) => f.rule === 'missing-translation');
      expect(missing).toEqual([
        expect.objectContaining({
          severity: 'error',
          file: fr,
          line: 3,
          locale: 'fr',
          templateId: 'probe',
          message: '"probe.cta" is missing from fr.json (used at templates/probe/email.mjml:13)',
        }),
      ]);
    } finally {
      root.cleanup();
    }
  });

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

  it('reports a trigger without a template', async () => {
    const report = await runChecks({ root: FIXTURE_ROOT });
    const coverage = report.findings.filter((f) => f.rule === 'coverage').map((f) => f.message);
    expect(coverage).toContain('trigger ResendCode has no template: add templates/resend-code/');
  });

  it('reports a variable the preview data lacks as a render error at its source line', async () => {
    const root = copyFixtureRoot('missing-variable');
    try {
      const preview = join(root.path, 'templates', 'probe', 'preview.json');
      writeFileSync(preview, readFileSync(preview, 'utf8').replace(', "plan": "pro"', ''));
      const report = await runChecks({ root: root.path, requireAllTriggers: false });
      const render = report.findings.filter((f) => f.rule === 'render');
      expect(render.length).toBe(2);
      expect(render[0]).toEqual(
        expect.objectContaining({
          file: join(root.path, 'templates', 'probe', 'email.mjml'),
          line: 12,
          message: expect.stringContaining('uses "plan"'),
        }),
      );
    } finally {
      root.cleanup();
    }
  });
});
