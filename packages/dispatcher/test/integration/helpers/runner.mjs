// Child-process side of invokeBundle(): a fresh Node process is a real cold start. It imports the built
// bundle (env already set by the parent), invokes `handler` once per event it receives over IPC, and reports
// each outcome (resolved, or the thrown error's name/code/message) back. Logs go to stdout untouched.
import { pathToFileURL } from 'node:url';

process.once('message', async ({ bundle, events, budgetMs }) => {
  const results = [];
  let mod;
  try {
    mod = await import(pathToFileURL(bundle).href);
  } catch (err) {
    process.send({ initError: describe(err), results }, () => process.exit(0));
    return;
  }
  for (const [index, event] of events.entries()) {
    // With budgetMs the clock runs as Lambda's does: the deadline is fixed when the invocation starts.
    const deadline = Date.now() + (budgetMs ?? 0);
    const context = {
      awsRequestId: `req-${index}`,
      getRemainingTimeInMillis:
        budgetMs === undefined ? () => 15_000 : () => Math.max(0, deadline - Date.now()),
    };
    try {
      await mod.handler(event, context);
      results.push({ threw: false });
    } catch (err) {
      results.push({ threw: true, error: describe(err) });
    }
  }
  process.send({ results }, () => process.exit(0));
});

function describe(err) {
  return {
    name: err?.name,
    code: err?.code,
    message: String(err?.message ?? err),
    problems: err?.problems,
    retryable: err?.retryable,
  };
}
