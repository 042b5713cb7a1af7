/** The check's output: findings (what is wrong, where, how to fix it) and one summary row per template. */

/** One problem (or note) the check found, located as precisely as it can be. */
export interface CheckFinding {
  severity: 'error' | 'warning' | 'info';
  /** Stable id of the rule that found it (see `RULES`: `build`, `coverage`, `missing-translation`, …). */
  rule: string;
  file: string | null;
  line: number | null;
  message: string;
  /** One line on how to fix it (the rule's hint unless the finding has a more precise one). */
  fix?: string;
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
