import { formatReport, runChecks } from './index.js';

// `pnpm --filter @mailroom/templates check`: the table, then the findings grouped per rule (header, fix
// hint, one `severity file:line message` each); exit 1 when anything is an error.
const report = await runChecks();
console.log(formatReport(report, process.cwd()));
if (!report.ok) process.exitCode = 1;
