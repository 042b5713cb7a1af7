import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRIGGERS } from '@mailroom/shared-types';
import { type CompileResult, includedFiles } from '../build/compile.js';
import { registryFromBuild } from '../build/memory.js';
import { buildRegistry } from '../build/registry.js';
import { lineOfKey, PACKAGE_ROOT } from '../build/sources.js';
import { TemplateError } from '../errors.js';
import { createRenderer } from '../renderer.js';
import type { RegistryLocale } from '../types.js';

/** One problem (or note) the check found, located as precisely as it can be. */
export interface CheckFinding {
  severity: 'error' | 'warning' | 'info';
  /** Stable rule id: `build`, `coverage`, `render`, `missing-translation`, `placeholder`, `size`, `img-alt`, `insecure-link`, `text-part`, `subject`. */
  rule: string;
  file: string | null;
  line: number | null;
  message: string;
  templateId?: string;
  brand?: string;
  locale?: string;
  state?: string;
}

/** One row of the summary table: the largest rendering of a template. */
export interface CheckRow {
  templateId: string;
  renders: number;
  failures: number;
  maxHtmlBytes: number;
  maxAt: string;
  status: 'ok' | 'warning' | 'error';
}

export interface CheckReport {
  ok: boolean;
  findings: CheckFinding[];
  rows: CheckRow[];
  renders: number;
  durationMs: number;
}

export interface CheckOptions {
  /** Package root holding templates/, locales/, brands/ (default: this package). */
  root?: string;
  defaultLocale?: string;
  /** Size thresholds in bytes (default 80 KB warning, 102 KB error: Gmail clips around 102 KB). */
  warnBytes?: number;
  failBytes?: number;
  /** Every Cognito trigger must have its default template (default true; fixtures turn it off). */
  requireAllTriggers?: boolean;
}

export const SIZE_WARN_BYTES = 80 * 1024;
export const SIZE_FAIL_BYTES = 102 * 1024;
const LOOPBACK_HTTP = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/;

function lineOf(file: string, needle: string): number | null {
  try {
    const text = readFileSync(file, 'utf8');
    const idx = text.indexOf(needle);
    return idx < 0 ? null : text.slice(0, idx).split('\n').length;
  } catch {
    return null;
  }
}

/** Where in a template's sources a variable is used, for a missing-variable finding. */
function locate(t: CompileResult, needle: string): { file: string | null; line: number | null } {
  const files = t.source
    ? [...includedFiles(t.source.mjmlFile), t.source.subjectFile, t.source.textFile]
    : [];
  for (const f of files) {
    if (!f) continue;
    const line = lineOf(f, needle);
    if (line) return { file: f, line };
  }
  return { file: t.source?.mjmlFile ?? null, line: null };
}

function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

/**
 * Lints the whole registry the way production will use it: strict MJML build; every template × brand ×
 * locale × preview state rendered (no missing variable); every catalog key used present in every
 * locale; HTML size against Gmail's clipping limit; `alt` on images; https-only links; a text part that
 * carries the code and the call to action. Never throws for template problems: they are findings.
 * @example
 * const report = await runChecks();
 * for (const f of report.findings) console.log(f.severity, `${f.file}:${f.line}`, f.message);
 */
export async function runChecks(opts: CheckOptions = {}): Promise<CheckReport> {
  const started = performance.now();
  const root = opts.root ?? PACKAGE_ROOT;
  const warnBytes = opts.warnBytes ?? SIZE_WARN_BYTES;
  const failBytes = opts.failBytes ?? SIZE_FAIL_BYTES;
  const defaultLocale = opts.defaultLocale ?? 'en';
  const findings: CheckFinding[] = [];
  const build = await buildRegistry({ root, write: false, defaultLocale });
  for (const e of build.errors) {
    findings.push({ severity: 'error', rule: 'build', file: e.file, line: e.line, message: e.message });
  }
  for (const w of build.warnings) {
    findings.push({ severity: 'warning', rule: 'build', file: w.file, line: w.line, message: w.message });
  }

  if (opts.requireAllTriggers !== false) {
    const ids = new Set(build.templates.map((t) => t.id));
    for (const trigger of TRIGGERS.filter((x) => !ids.has(x.templateId))) {
      findings.push({
        severity: 'error',
        rule: 'coverage',
        file: join(root, 'templates', trigger.templateId),
        line: null,
        message: `trigger ${trigger.name} has no template: add templates/${trigger.templateId}/`,
      });
    }
  }

  // Translations: every literal key a template uses must exist in every locale.
  const localeFile = (l: RegistryLocale) => join(root, 'locales', `${l.code}.json`);
  const base = build.locales.find((l) => l.code === defaultLocale);
  for (const t of build.templates) {
    const namespaces = [t.id, ...(t.source?.variantOf ? [t.source.variantOf] : [])];
    const seen = new Set<string>();
    for (const used of t.usedKeys) {
      const candidates = used.key.startsWith('.') ? namespaces.map((ns) => ns + used.key) : [used.key];
      for (const locale of build.locales) {
        const hit = candidates.find((c) => Object.hasOwn(locale.messages, c));
        const shown = candidates[0] ?? used.key;
        const id = `${locale.code}\0${shown}`;
        if (seen.has(id)) continue;
        seen.add(id);
        if (!hit) {
          findings.push({
            severity: 'error',
            rule: 'missing-translation',
            file: localeFile(locale),
            // Point at the namespace object the key belongs in (or the top of the file).
            line: lineOfKey(readFileSync(localeFile(locale), 'utf8'), shown.split('.')[0] ?? shown) ?? 1,
            message: `"${shown}" is missing from ${locale.code}.json (used at ${used.file.replace(`${root}/`, '')}:${used.line})`,
            templateId: t.id,
            locale: locale.code,
          });
          continue;
        }
        const expected = base?.messages[hit];
        const actual = locale.messages[hit];
        if (expected !== undefined && actual !== undefined && locale !== base) {
          const a = placeholders(actual).join(',');
          const e = placeholders(expected).join(',');
          if (a !== e) {
            const text = readFileSync(localeFile(locale), 'utf8');
            findings.push({
              severity: 'warning',
              rule: 'placeholder',
              file: localeFile(locale),
              line: lineOfKey(text, hit.split('.').pop() ?? hit),
              message: `"${hit}" uses {${a}} but ${defaultLocale} uses {${e}}`,
              templateId: t.id,
              locale: locale.code,
            });
          }
        }
      }
    }
  }

  const rows: CheckRow[] = [];
  let renders = 0;
  if (build.templates.some((t) => t.ok) && build.brands.length > 0 && base) {
    const renderer = createRenderer(registryFromBuild(build, defaultLocale));
    for (const t of build.templates.filter((x) => x.ok && x.source)) {
      const source = t.source;
      if (!source) continue;
      const row: CheckRow = {
        templateId: t.id,
        renders: 0,
        failures: 0,
        maxHtmlBytes: 0,
        maxAt: '',
        status: 'ok',
      };
      const reported = new Set<string>();
      const once = (key: string, f: CheckFinding) => {
        if (reported.has(key)) return;
        reported.add(key);
        findings.push(f);
      };
      for (const brand of build.brands) {
        for (const locale of build.locales) {
          for (const state of source.previewStates) {
            const where = { templateId: t.id, brand: brand.name, locale: locale.code, state: state.name };
            const label = `${brand.name}/${locale.code}/${state.name}`;
            renders++;
            row.renders++;
            let email: ReturnType<typeof renderer.render>;
            try {
              email = renderer.render({
                templateId: t.id,
                brand: brand.name,
                locale: locale.code,
                data: state.data,
              });
            } catch (err) {
              row.failures++;
              const te = err instanceof TemplateError ? err : null;
              const variable = te?.details.variable ?? te?.details.key;
              const at = variable ? locate(t, variable) : { file: source.mjmlFile, line: null };
              findings.push({
                severity: 'error',
                rule: 'render',
                file: at.file,
                line: at.line,
                message: `${label}: ${(err as Error).message}`,
                ...where,
              });
              continue;
            }
            const bytes = Buffer.byteLength(email.html);
            if (bytes > row.maxHtmlBytes) {
              row.maxHtmlBytes = bytes;
              row.maxAt = label;
            }
            if (bytes >= failBytes || bytes >= warnBytes) {
              const fail = bytes >= failBytes;
              findings.push({
                severity: fail ? 'error' : 'warning',
                rule: 'size',
                file: source.mjmlFile,
                line: null,
                message: `${label}: HTML is ${(bytes / 1024).toFixed(1)} KB; ${fail ? 'Gmail clips messages above ~102 KB' : `over the ${(warnBytes / 1024).toFixed(0)} KB warning line (Gmail clips at ~102 KB)`}`,
                ...where,
              });
            }
            for (const img of email.html.match(/<img\b[^>]*>/gi) ?? []) {
              const alt = /\balt="([^"]*)"/i.exec(img)?.[1];
              if (!alt?.trim()) {
                const src = /\bsrc="([^"]*)"/i.exec(img)?.[1] ?? '?';
                once(`alt\0${brand.name}\0${src}`, {
                  severity: 'error',
                  rule: 'img-alt',
                  file: source.mjmlFile,
                  line: lineOf(source.mjmlFile, src.split('/').pop() ?? src),
                  message: `${label}: image ${src} has no alt text (screen readers, blocked images)`,
                  ...where,
                });
              }
            }
            for (const m of email.html.matchAll(/\b(href|src)="([^"]*)"/gi)) {
              const url = (m[2] ?? '').replace(/&amp;/g, '&');
              const ok = /^(https:|mailto:|#)/i.test(url) || LOOPBACK_HTTP.test(url) || url === '';
              if (!ok) {
                once(`link\0${url}`, {
                  severity: 'error',
                  rule: 'insecure-link',
                  file: source.mjmlFile,
                  line: null,
                  message: `${label}: ${m[1]} "${url.slice(0, 80)}" is not https (only localhost previews may use http)`,
                  ...where,
                });
              }
            }
            if (!email.subject || /[\r\n]/.test(email.subject)) {
              findings.push({
                severity: 'error',
                rule: 'subject',
                file: source.subjectFile,
                line: 1,
                message: `${label}: subject is empty or not a single line`,
                ...where,
              });
            }
            const code = state.data.code;
            if (code && !email.text.includes(code)) {
              once(`text-code\0${brand.name}\0${locale.code}`, {
                severity: 'error',
                rule: 'text-part',
                file: source.textFile ?? source.mjmlFile,
                line: null,
                message: `${label}: the text part does not contain the code`,
                ...where,
              });
            }
            if (!/https:\/\/|http:\/\/localhost/.test(email.text)) {
              once(`text-link\0${brand.name}\0${locale.code}`, {
                severity: 'error',
                rule: 'text-part',
                file: source.textFile ?? source.mjmlFile,
                line: null,
                message: `${label}: the text part has no link`,
                ...where,
              });
            }
          }
        }
      }
      const mine = findings.filter((f) => f.templateId === t.id);
      row.status = mine.some((f) => f.severity === 'error')
        ? 'error'
        : mine.some((f) => f.severity === 'warning')
          ? 'warning'
          : 'ok';
      rows.push(row);
    }
  }
  for (const t of build.templates.filter((x) => !x.ok)) {
    rows.push({ templateId: t.id, renders: 0, failures: 0, maxHtmlBytes: 0, maxAt: '', status: 'error' });
  }
  rows.sort((a, b) => a.templateId.localeCompare(b.templateId));
  return {
    ok: !findings.some((f) => f.severity === 'error'),
    findings,
    rows,
    renders,
    durationMs: performance.now() - started,
  };
}

/**
 * Formats a report as the table and findings list the CLI prints.
 * @example console.log(formatReport(await runChecks(), process.cwd()))
 */
export function formatReport(report: CheckReport, cwd: string): string {
  const rel = (f: string | null) => (f ? (f.startsWith(cwd) ? f.slice(cwd.length + 1) : f) : '-');
  const header = ['template', 'renders', 'failed', 'largest HTML', 'largest at', 'status'];
  const body = report.rows.map((r) => [
    r.templateId,
    String(r.renders),
    String(r.failures),
    r.maxHtmlBytes ? `${r.maxHtmlBytes.toLocaleString('en')} B` : '-',
    r.maxAt || '-',
    r.status === 'ok' ? 'ok' : r.status.toUpperCase(),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), ''];
  const order = { error: 0, warning: 1, info: 2 } as const;
  for (const f of [...report.findings].sort((a, b) => order[a.severity] - order[b.severity])) {
    out.push(`${f.severity.padEnd(7)} ${rel(f.file)}${f.line ? `:${f.line}` : ''} [${f.rule}] ${f.message}`);
  }
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  out.push(
    `${report.renders} renders, ${errors} error(s), ${warnings} warning(s) in ${Math.round(report.durationMs)} ms`,
  );
  return out.join('\n');
}
