import type { CheckFinding, CheckReport, CheckRow } from './report.js';
import type { CheckRule } from './rule.js';
import { RULES } from './rules/index.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function table(rows: readonly CheckRow[]): string[] {
  const header = ['template', 'renders', 'failed', 'largest HTML', 'largest at', 'status'];
  const body = rows.map((r) => [
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
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}

function count(findings: readonly CheckFinding[], severity: CheckFinding['severity']): number {
  return findings.filter((f) => f.severity === severity).length;
}

/** `2 error(s), 1 warning(s)`: the non-zero counts of a group. */
function tally(findings: readonly CheckFinding[]): string {
  const severities = ['error', 'warning', 'info'] as const;
  return severities
    .filter((s) => count(findings, s) > 0)
    .map((s) => `${count(findings, s)} ${s}(s)`)
    .join(', ');
}

/** Findings per rule id: known rules in `RULES` order, then any other id in order of appearance. */
function byRule(findings: readonly CheckFinding[]): Map<string, CheckFinding[]> {
  const groups = new Map<string, CheckFinding[]>(RULES.map((r) => [r.id, []]));
  for (const f of findings) {
    const list = groups.get(f.rule) ?? [];
    list.push(f);
    groups.set(f.rule, list);
  }
  for (const [id, list] of groups) if (list.length === 0) groups.delete(id);
  return groups;
}

function group(id: string, findings: CheckFinding[], rel: (f: string | null) => string): string[] {
  const rule: CheckRule | undefined = RULES.find((r) => r.id === id);
  const out = [`[${id}]${rule ? ` ${rule.description}` : ''}: ${tally(findings)}`];
  if (rule) out.push(`  fix: ${rule.fix}`);
  for (const f of [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])) {
    out.push(`  ${f.severity.padEnd(7)} ${rel(f.file)}${f.line ? `:${f.line}` : ''}  ${f.message}`);
    if (f.fix && f.fix !== rule?.fix) out.push(`          fix: ${f.fix}`);
  }
  return out;
}

/**
 * Formats a report as the CLI prints it: the summary table, then the findings grouped per rule (a
 * `[rule] description: counts` header, the rule's fix hint, one `severity file:line message` entry per
 * finding, errors first), then a one-line total.
 * @example console.log(formatReport(await runChecks(), process.cwd()))
 */
export function formatReport(report: CheckReport, cwd: string): string {
  const rel = (f: string | null) => (f ? (f.startsWith(cwd) ? f.slice(cwd.length + 1) : f) : '-');
  const out = [...table(report.rows), ''];
  for (const [id, findings] of byRule(report.findings)) out.push(...group(id, findings, rel), '');
  const errors = count(report.findings, 'error');
  const warnings = count(report.findings, 'warning');
  out.push(
    `${report.renders} renders, ${errors} error(s), ${warnings} warning(s) in ${Math.round(report.durationMs)} ms`,
  );
  return out.join('\n');
}
