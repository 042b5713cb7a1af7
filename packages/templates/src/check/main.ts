import { cliOptions } from './cli-options.js';
import { formatReport } from './format-report.js';
import { runChecks } from './run-checks.js';

/** What one `check` run prints and how it exits. */
export interface CheckRun {
  /** 1 when any finding is an error, else 0. */
  exitCode: 0 | 1;
  /** The table, the findings grouped per rule (`severity file:line message`), the total. */
  output: string;
}

/**
 * The `check` command without the process around it: parses the arguments, checks, formats the report
 * with paths relative to `cwd`. `cli.ts` prints `output` and exits with `exitCode`.
 * @example const { exitCode, output } = await checkMain(['--root', 'tmp/copy', '--allow-missing-triggers']);
 */
export async function checkMain(argv: readonly string[], cwd: string = process.cwd()): Promise<CheckRun> {
  const report = await runChecks(cliOptions(argv));
  return { exitCode: report.ok ? 0 : 1, output: formatReport(report, cwd) };
}
