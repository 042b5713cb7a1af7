// Runs the templates' `check` off the main thread: it compiles and renders every template (seconds), and
// the studio's event loop has to stay free to push a saved template to the browser within a second.
// Plain JavaScript because a worker does not inherit the tsx loader the CLI registered; it registers its own.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const build = await import('@mailroom/templates/build');

parentPort?.on('message', async ({ id, root }) => {
  try {
    const report = await build.runChecks({ root });
    parentPort?.postMessage({ id, findings: report.findings });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
