import type { CompileResult } from '../build/compile.js';
import type { CheckContext } from './context.js';
import type { CheckFinding, CheckRow } from './report.js';

function statusOf(findings: readonly CheckFinding[], templateId: string): CheckRow['status'] {
  const mine = findings.filter((f) => f.templateId === templateId);
  if (mine.some((f) => f.severity === 'error')) return 'error';
  return mine.some((f) => f.severity === 'warning') ? 'warning' : 'ok';
}

function renderedRow(
  ctx: CheckContext,
  template: CompileResult,
  findings: readonly CheckFinding[],
): CheckRow {
  const row: CheckRow = {
    templateId: template.id,
    renders: 0,
    failures: 0,
    maxHtmlBytes: 0,
    maxAt: '',
    status: 'ok',
  };
  for (const r of ctx.renderings.filter((x) => x.template === template)) {
    row.renders++;
    if (!r.ok) {
      row.failures++;
      continue;
    }
    const bytes = Buffer.byteLength(r.email.html);
    if (bytes > row.maxHtmlBytes) {
      row.maxHtmlBytes = bytes;
      row.maxAt = r.label;
    }
  }
  row.status = statusOf(findings, template.id);
  return row;
}

/**
 * The summary table: one row per rendered template (renders, failures, largest HTML and where) plus an
 * `error` row per template that did not build, sorted by template id.
 * @example summaryRows(ctx, findings).find((r) => r.templateId === 'welcome-rich')?.maxHtmlBytes
 */
export function summaryRows(ctx: CheckContext, findings: readonly CheckFinding[]): CheckRow[] {
  const rows = ctx.rendered.map((t) => renderedRow(ctx, t, findings));
  for (const t of ctx.build.templates.filter((x) => !x.ok)) {
    rows.push({ templateId: t.id, renders: 0, failures: 0, maxHtmlBytes: 0, maxAt: '', status: 'error' });
  }
  return rows.sort((a, b) => a.templateId.localeCompare(b.templateId));
}
