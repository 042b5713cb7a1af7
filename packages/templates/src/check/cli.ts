import { cliOptions } from './cli-options.js';
import { formatReport, runChecks } from './index.js';

// `pnpm --filter @mailroom/templates check [--root <dir>] [--allow-missing-triggers]`: the table, then the
// findings grouped per rule (header, fix hint, one `severity file:line message` each); exit 1 on errors.
const report = await runChecks(cliOptions(process.argv.slice(2)));
console.log(formatReport(report, process.cwd()));
if (!report.ok) process.exitCode = 1;
