/**
 * One invocation, steps 2–4 in the order they run: normalise the event (normalise.ts), decrypt cognito-local's
 * ciphertext and encrypt the secret again as Cognito does (recrypt.ts), run the dispatcher bundle
 * (lambda-runner.ts). Returns what happened, never the code, the password or the address.
 */
import { BridgeError } from './errors.js';
import type { LambdaRunner } from './lambda-runner.js';
import { type FieldChange, normaliseCognitoLocalEvent } from './normalise.js';
import {
  type BridgeKms,
  type CognitoLocalMessageInfo,
  decryptCognitoLocalCode,
  encryptForTrigger,
} from './recrypt.js';

/** One invocation, as the bridge saw it: never the code, the password or the address. */
export interface BridgeInvocation {
  trigger: string | null;
  userPoolId: string | null;
  invocationType: 'RequestResponse' | 'Event';
  /** The event fields the bridge changed (normalise.ts). */
  changes: FieldChange[];
  /** cognito-local's ciphertext, described (suite, format, data keys, context keys). */
  cognitoLocalMessage: CognitoLocalMessageInfo | null;
  /** The dispatcher's outcome line (`email_sent`, `email_skipped`, `email_failed`), if it logged one. */
  outcome: Record<string, unknown> | null;
  /** The handler's (or the bridge's) error, as the invoke answered it. */
  error: { errorType: string; errorMessage: string } | null;
  durationMs: number;
}

function outcomeOf(logs: Record<string, unknown>[]): Record<string, unknown> | null {
  return logs.findLast((line) => typeof line.event === 'string' && line.event.startsWith('email_')) ?? null;
}

function field(event: unknown, name: string): string | null {
  const value = (event as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' ? value : null;
}

/** Steps 2–3: the event as Cognito would send it, its code re-encrypted; `record` gets what was changed. */
async function shapeLikeCognito(event: unknown, record: BridgeInvocation, kms: BridgeKms): Promise<void> {
  const request = (event as { request?: { code?: unknown } } | null)?.request;
  if (!request || typeof request.code !== 'string' || !record.trigger || !record.userPoolId) return;
  const { plaintext, info } = await decryptCognitoLocalCode(request.code, kms);
  record.cognitoLocalMessage = info;
  request.code = await encryptForTrigger({
    plaintext,
    triggerSource: record.trigger,
    userPoolId: record.userPoolId,
    kms,
  });
  record.changes.push({
    field: 'request.code',
    why:
      `cognito-local's message (suite 0x${info.suiteId.toString(16).padStart(4, '0')}, ` +
      `${info.encryptedDataKeys} data keys, no userpool-id context) re-encrypted as Cognito's (suite 0x0378, ` +
      'one data key, userpool-id context)',
  });
}

/**
 * Runs one cognito-local invoke through the dispatcher. Never throws: a bridge failure becomes the record's
 * `error` (answered to cognito-local as a function error), as does the handler's own throw.
 * @example const record = await runInvocation(JSON.parse(body), 'RequestResponse', { kms, region, runner, timeoutMs: 30_000 });
 */
export async function runInvocation(
  raw: unknown,
  invocationType: 'RequestResponse' | 'Event',
  deps: { kms: BridgeKms; region: string; runner: Pick<LambdaRunner, 'invoke'>; timeoutMs: number },
): Promise<BridgeInvocation> {
  const started = performance.now();
  const { event, changes } = normaliseCognitoLocalEvent(raw, deps.region);
  const record: BridgeInvocation = {
    trigger: field(event, 'triggerSource'),
    userPoolId: field(event, 'userPoolId'),
    invocationType,
    changes,
    cognitoLocalMessage: null,
    outcome: null,
    error: null,
    durationMs: 0,
  };
  try {
    await shapeLikeCognito(event, record, deps.kms);
    const result = await deps.runner.invoke(event, deps.timeoutMs);
    record.outcome = outcomeOf(result.logs);
    record.error = result.error ?? null;
  } catch (error) {
    const e = error instanceof BridgeError ? error : undefined;
    record.error = {
      errorType: e ? `BridgeError.${e.code}` : 'BridgeError',
      errorMessage: e ? `${e.message} — ${e.fix}` : String((error as Error)?.message ?? error),
    };
  }
  record.durationMs = Math.round(performance.now() - started);
  return record;
}
