/** Lambda's context object, as far as a handler (Powertools, the dispatcher's logger) reads it. */
import { randomUUID } from 'node:crypto';

/**
 * A context whose remaining time counts down from `timeoutMs`.
 * @example await handler(event, lambdaContext(30_000));
 */
export function lambdaContext(timeoutMs: number): Record<string, unknown> {
  const deadline = Date.now() + timeoutMs;
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'mailroom-dispatcher-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:mailroom-dispatcher-local',
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/mailroom-dispatcher-local',
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
