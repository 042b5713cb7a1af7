// The studio's background work off the main thread (checks.ts): the templates' `check` (it compiles and
// renders every template: seconds) and one email's compatibility report (caniemail), so the studio's event
// loop stays free to push a saved template to the browser within a second.
// Plain JavaScript because a worker does not inherit the tsx loader the CLI registered; it registers its own.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// On Linux a thread has its own nice value and setPriority(0, …) changes this thread's only (elsewhere it
// would lower the whole studio): background work yields the CPU to the refresh on a busy machine. A user
// already running above nice 10 may not lower it (EACCES): then the worker keeps the studio's priority.
if (process.platform === 'linux') {
  try {
    setPriority(0, 10);
  } catch {
    // Not allowed to change it: run at the inherited priority.
  }
}

register();
const build = await import('@mailroom/templates/build');

/** @param {{ kind: 'checks', root: string } | { kind: 'compat', html: string }} message */
async function handle(message) {
  if (message.kind === 'compat') return build.compatibilityReport(message.html);
  return (await build.runChecks({ root: message.root })).findings;
}

parentPort?.on('message', async (message) => {
  try {
    parentPort?.postMessage({ id: message.id, result: await handle(message) });
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
