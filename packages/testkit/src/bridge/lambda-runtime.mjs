// The Lambda runtime stand-in the bridge starts for the dispatcher bundle: a fresh Node process whose
// environment is the function's configuration and nothing else, which imports the bundle once (its top-level
// await is Lambda's init phase) and then calls its `handler` export (`index.handler`) once per event.
// Plain JavaScript so plain `node` runs it, as Lambda runs the bundle: no tsx loader, no TypeScript.
// Protocol: events arrive over IPC as { id, event, timeoutMs }; every result is one stdout line
// {"mailroomBridge":"result",…} written after the handler's own (synchronous) log lines, so the parent reads
// each invocation's logs in order before its result.
import { pathToFileURL } from 'node:url';

const bundle = process.argv[2];
if (!bundle) {
  process.stderr.write('lambda-runtime: usage: node lambda-runtime.mjs <bundle.js>\n');
  process.exit(2);
}

function emit(message) {
  process.stdout.write(`${JSON.stringify({ mailroomBridge: message.type, ...message })}\n`);
}

let mod;
try {
  mod = await import(pathToFileURL(bundle).href);
} catch (error) {
  emit({
    type: 'init_failed',
    errorType: error?.name ?? 'Error',
    errorMessage: String(error?.message ?? error),
  });
  process.exit(1);
}
if (typeof mod.handler !== 'function') {
  emit({
    type: 'init_failed',
    errorType: 'Runtime.HandlerNotFound',
    errorMessage: `${bundle} exports no handler`,
  });
  process.exit(1);
}

const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'mailroom-custom-email-sender';

/** Lambda's context object, as far as a handler reads it. */
function context(id, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${functionName}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '256',
    awsRequestId: id,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${id}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

process.on('message', async ({ id, event, timeoutMs }) => {
  try {
    const value = await mod.handler(event, context(id, timeoutMs));
    emit({ type: 'result', id, ok: true, value: value ?? null });
  } catch (error) {
    emit({
      type: 'result',
      id,
      ok: false,
      errorType: error?.name ?? 'Error',
      errorMessage: String(error?.message ?? error),
    });
  }
});
// Tell the parent the init phase is over; disconnecting the IPC channel (bridge closed) ends the process.
process.on('disconnect', () => process.exit(0));
emit({ type: 'ready' });
