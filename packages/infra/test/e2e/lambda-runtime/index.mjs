// A stand-in for the nodejs22.x runtime's own entry module (/var/runtime/index.mjs), for
// lambda-smoke.test.ts. The test starts it the way the runtime's bootstrap does: the Node 22 binary, the
// bootstrap's heap flags on the command line, the function's environment (NODE_OPTIONS, NODE_PATH, _HANDLER,
// LAMBDA_TASK_ROOT …). Like the runtime it resolves `_HANDLER` ("index.handler") inside LAMBDA_TASK_ROOT,
// imports the module (its top-level await is the function's init phase), then invokes the handler once per
// event. Protocol with the test: argv[2] = events file (JSON array), argv[3] = results file (JSON written
// here). Plain JavaScript: it runs under the Node 22 binary without any loader.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [, , eventsFile, resultsFile] = process.argv;
const report = (body) => writeFileSync(resultsFile, JSON.stringify(body));
const errorOf = (err) => ({
  errorType: err?.name ?? typeof err,
  errorMessage: String(err?.message ?? err),
  code: err?.code,
});

const handlerString = process.env._HANDLER ?? '';
const taskRoot = process.env.LAMBDA_TASK_ROOT ?? '';
const dot = handlerString.lastIndexOf('.');
const moduleName = handlerString.slice(0, dot);
const functionName = handlerString.slice(dot + 1);
// The runtime tries these in order; `.js` is ESM when the task root's package.json says "type": "module".
const file = ['.js', '.mjs', '.cjs']
  .map((ext) => join(taskRoot, moduleName + ext))
  .find((f) => existsSync(f));
if (dot <= 0 || file === undefined) {
  report({
    initError: { errorType: 'Runtime.ImportModuleError', errorMessage: `Cannot find module '${moduleName}'` },
  });
  process.exit(1);
}

let handler;
try {
  const mod = await import(pathToFileURL(file).href);
  handler = mod[functionName];
} catch (err) {
  report({ initError: { ...errorOf(err), errorType: `Runtime.ImportModuleError: ${err?.name}` } });
  process.exit(1);
}
if (typeof handler !== 'function') {
  report({
    initError: {
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: `${handlerString} is undefined or not exported`,
    },
  });
  process.exit(1);
}

const events = JSON.parse(readFileSync(eventsFile, 'utf8'));
const timeoutMs = Number(process.env.MAILROOM_SMOKE_TIMEOUT_MS ?? 30_000);
const results = [];
for (const [i, event] of events.entries()) {
  const deadline = Date.now() + timeoutMs;
  const context = {
    awsRequestId: `smoke-${i}`,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:111122223333:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    logStreamName: 'smoke',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    results.push({ ok: true, result: (await handler(event, context)) ?? null });
  } catch (err) {
    results.push({ ok: false, error: errorOf(err) });
  }
}
report({ results });
// Lambda freezes the sandbox here; keep-alive sockets would otherwise hold the process open.
process.exit(0);
