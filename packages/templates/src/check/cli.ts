import { checkMain } from './main.js';

// `pnpm --filter @mailroom/templates check [--root <dir>] [--allow-missing-triggers]`: the table, then the
// findings grouped per rule (header, fix hint, one `severity file:line message` each); exit 1 on errors.
const { exitCode, output } = await checkMain(process.argv.slice(2));
console.log(output);
process.exitCode = exitCode;
