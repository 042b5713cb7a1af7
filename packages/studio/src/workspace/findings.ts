/**
 * The template checks' findings, run in a worker (checks.ts): one run at a time, and saves during a run cause
 * exactly one more run afterwards.
 */
import type { CheckFinding } from '@mailroom/templates/build';
import type { Finding } from '../types.js';
import { createCheckRunner } from './checks.js';
import { relativeToRoot } from './problems.js';

function toFinding(root: string, f: CheckFinding): Finding {
  return {
    severity: f.severity,
    rule: f.rule,
    message: f.message,
    templateId: f.templateId ?? null,
    context: [f.brand, f.locale, f.state].filter(Boolean).join(' · ') || null,
    file: f.file ? relativeToRoot(root, f.file) : null,
    line: f.line,
  };
}

function crashed(error: unknown): Finding[] {
  return [
    {
      severity: 'warning',
      rule: 'check-crashed',
      message: `the template checks could not run: ${(error as Error).message}`,
      templateId: null,
      context: null,
      file: null,
      line: null,
    },
  ];
}

/**
 * The latest findings of one source tree, refreshed on demand.
 * @example const checks = new CheckFindings(root); await checks.refresh(); checks.list('sign-up');
 */
export class CheckFindings {
  readonly #runner = createCheckRunner();
  #findings: Finding[] = [];
  #running: Promise<Finding[]> | null = null;
  #again = false;

  constructor(readonly root: string) {}

  /** The findings of one template, or all of them. */
  list(templateId?: string): Finding[] {
    return templateId ? this.#findings.filter((f) => f.templateId === templateId) : [...this.#findings];
  }

  /** Runs the checks (or joins the run in progress, asking for one more) and returns the findings. */
  refresh(): Promise<Finding[]> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#runUntilCurrent();
    return this.#running;
  }

  /** Stops the worker; a run in flight settles as a failure nobody reads any more. */
  close(): Promise<void> {
    return this.#runner.close();
  }

  async #runUntilCurrent(): Promise<Finding[]> {
    let result = await this.#runOnce();
    while (this.#again) {
      this.#again = false;
      result = await this.#runOnce();
    }
    this.#running = null;
    return result;
  }

  async #runOnce(): Promise<Finding[]> {
    try {
      const report = await this.#runner.run(this.root);
      this.#findings = report.map((f) => toFinding(this.root, f));
    } catch (error) {
      this.#findings = crashed(error);
    }
    return this.#findings;
  }
}
