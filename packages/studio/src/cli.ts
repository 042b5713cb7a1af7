/**
 * The `mailroom` CLI (`pnpm mailroom …`, `pnpm dev`): `dev` starts the studio, `invoke` sends one email
 * through the real dispatcher bundle. Run with `--help` for details.
 */
import { main } from './cli/main.js';

// The AWS SDK in the dispatcher bundle warns that it will drop Node 20 in 2027 (Lambda runs nodejs22.x,
// design.md): say it once per run at most, not in the middle of every command's output.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (!/NodeVersionSupportWarning/.test(`${warning.name} ${warning.message}`))
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

const code = await main(process.argv.slice(2));
if (code !== null) {
  // The dispatcher bundle keeps HTTP agents alive; a one-shot command should not wait for them to time out.
  process.exit(code);
}
