/**
 * Exactly-once delivery under Lambda's asynchronous retries (and the rare duplicate delivery of one event),
 * with Powertools idempotency on DynamoDB — only when `IDEMPOTENCY_TABLE` is set. Without it `sendOnce` just
 * sends, and neither Powertools nor `@aws-sdk/client-dynamodb` is ever loaded (`idempotency-runner.ts`, imported on
 * first use: its own chunk in the bundle).
 *
 * Decisions (SECURITY.md "Retries and duplicates" repeats them for operators):
 * - Key: the message's `idempotencyKey`, SHA-256 over user pool id, user name, trigger source and what
 *   identifies the event (`eventIdentity`, message.ts): the *ciphertext* `request.code` (Cognito encrypts
 *   every email afresh, so a new code never collides, while Lambda's retries of one event carry the same
 *   ciphertext); for takeover events (`code: null`) their `EVENT_ID`, else a SHA-256 of the whole request,
 *   so two different takeover notifications never merge. Powertools hashes it once more
 *   (SHA-256) under the fixed prefix `mailroom-email`, so a renamed function still finds its records.
 * - Only the send step is wrapped: validation, decryption and rendering run again on a duplicate (cheap,
 *   side-effect free), and a failure before the send never leaves a record behind.
 * - Stored result: `{ messageId, provider }` only. The code, the password, the address and the rendered
 *   email never reach DynamoDB.
 * - Expiry: 1 hour. Lambda retries within `maxEventAge` (10 minutes in infra; 6 hours is AWS's ceiling if
 *   someone raises it, which would need a longer expiry), so one hour covers every retry with a wide margin;
 *   after that a record is worthless and TTL removes it.
 * - In progress: the record is written as INPROGRESS before the send, with an in-progress expiry of the
 *   invocation's remaining time. A copy that finds it waits (polling, 100 ms doubling to 1 s) instead of
 *   skipping at once, because an INPROGRESS record does not prove another copy is sending: when DynamoDB
 *   wrote our own conditional put but its answer was lost (a request timeout under load), the SDK retries the
 *   put, finds our own record and Powertools reports "in progress" — skipping then would drop the email
 *   (measured: `pnpm load --duplicates` on a saturated machine lost 4 of 2,100 events that way). So the copy
 *   is skipped only once the record is COMPLETED (the other copy sent it); if the record disappears (the
 *   other copy's send failed) it claims it and sends; if the record is still INPROGRESS when only the time
 *   for its own send is left, it throws the retryable `IDEMPOTENCY_IN_PROGRESS`, and Lambda's retry
 *   (≥ 1 minute later, after the in-progress expiry) sends or skips for certain. Never dropped.
 * - A failed send deletes the record (Powertools) and is rethrown unchanged, so the retry sends. A send that
 *   succeeded but whose COMPLETED write failed still counts as sent: throwing would make Lambda send again.
 */
import {
  INVOCATION_SAFETY_MARGIN_MS,
  PROVIDER_ATTEMPT_FLOOR_MS,
  type SendResult,
} from '@mailroom/shared-types';
import type { Logger } from 'pino';
import { DispatcherError } from './errors.js';
import type { Runner, StoredDelivery } from './idempotency-runner.js';

export type { StoredDelivery } from './idempotency-runner.js';

/** How long a delivery record blocks duplicates (see the module comment for why one hour). */
export const IDEMPOTENCY_EXPIRY_SECONDS = 3600;

/** Record key prefix (instead of the function name Powertools would use). */
export const IDEMPOTENCY_KEY_PREFIX = 'mailroom-email';

/** `sent`: this invocation sent it. `duplicate`: another copy of the event did (its record is COMPLETED). */
export type SendOnceResult =
  | { status: 'sent'; result: SendResult }
  | { status: 'duplicate'; previous: StoredDelivery | null; reason: string };

export interface SendOnceOptions {
  /** `IDEMPOTENCY_TABLE`; undefined = no deduplication (send directly). */
  table: string | undefined;
  /** The message's idempotency key (stable across Lambda's retries of one event). */
  key: string;
  /** Time left in this invocation: becomes the in-progress record's expiry. */
  remainingMs: () => number;
  logger: Logger;
  /**
   * Explicit DynamoDB endpoint, for a handler given its environment (`createHandler({ env })`): the SDK itself
   * only reads `AWS_ENDPOINT_URL_DYNAMODB` from `process.env`.
   */
  endpoint?: string | undefined;
  /** Region for the DynamoDB client (default `AWS_REGION`, then `us-east-1`). */
  region?: string | undefined;
  /**
   * Aborted when the caller gives up before its send (a step before it failed): waiting for another copy's
   * in-progress record stops and `sendOnce` rejects with the abort reason. An attempt that already holds the
   * record still runs to its end (its send rejects, so the record is deleted).
   */
  abandoned?: AbortSignal | undefined;
}

/** One persistence layer (and DynamoDB client) per table and endpoint, per cold start. */
const runners = new Map<string, Promise<Runner>>();

function runnerFor(options: SendOnceOptions & { table: string }): Promise<Runner> {
  const id = JSON.stringify([options.table, options.endpoint ?? null, options.region ?? null]);
  let runner = runners.get(id);
  if (!runner) {
    // import(): Powertools (≈ 50 KB) lands in its own bundle chunk, loaded only when IDEMPOTENCY_TABLE is set.
    runner = import('./idempotency-runner.js').then(({ createRunner }) =>
      createRunner(options.table, options.endpoint, options.region, {
        expiresAfterSeconds: IDEMPOTENCY_EXPIRY_SECONDS,
        keyPrefix: IDEMPOTENCY_KEY_PREFIX,
      }),
    );
    runner.catch(() => runners.delete(id));
    runners.set(id, runner);
  }
  return runner;
}

/** Polling while another record holder works: 100 ms, doubling, at most 1 s apart. */
const WAIT_FIRST_MS = 100;
const WAIT_MAX_MS = 1_000;
/**
 * Time kept back for our own send, should the record disappear while we wait (the holder's send failed):
 * one provider attempt's floor plus the invocation's safety margin (../failover.ts splits what is left).
 */
export const IDEMPOTENCY_WAIT_RESERVE_MS = PROVIDER_ATTEMPT_FLOOR_MS + INVOCATION_SAFETY_MARGIN_MS;

const IN_PROGRESS = Symbol('in progress');

/**
 * Sends at most once per idempotency key while a record lives (when `table` is set); otherwise just sends.
 * A copy that finds the record INPROGRESS waits for it (see the module comment): skipped once it is
 * COMPLETED, sends if it disappears, and throws the retryable `IDEMPOTENCY_IN_PROGRESS` when only the time
 * for its own send is left. Throws what `send` throws (after removing the in-progress record), or a
 * Powertools persistence error when DynamoDB is unreachable before the send (retryable: nothing was sent).
 * @example
 * const outcome = await sendOnce({ table: config.idempotencyTable, key: message.idempotencyKey,
 *   remainingMs: () => context.getRemainingTimeInMillis(), logger }, () => sendWithFailover(…));
 * if (outcome.status === 'duplicate') log.info({ reason: outcome.reason }, 'email skipped');
 */
export async function sendOnce(
  options: SendOnceOptions,
  send: () => Promise<SendResult>,
): Promise<SendOnceResult> {
  // buildMessage always sets the key; without one there is nothing to deduplicate on.
  if (!options.table || !options.key) return { status: 'sent', result: await send() };
  const run = await runnerFor({ ...options, table: options.table });
  const deadline = Date.now() + options.remainingMs() - IDEMPOTENCY_WAIT_RESERVE_MS;
  const { abandoned } = options;
  for (let wait = WAIT_FIRST_MS, waited = false; ; wait = Math.min(wait * 2, WAIT_MAX_MS)) {
    const attempt = await attemptOnce(run, options, send);
    if (attempt !== IN_PROGRESS) return attempt;
    if (abandoned?.aborted) throw abandoned.reason;
    if (Date.now() + wait > deadline) throw stillInProgress();
    if (!waited) {
      waited = true;
      options.logger.debug({ event: 'idempotency_wait' }, 'idempotency record in progress: waiting for it');
    }
    await sleep(wait, abandoned);
    if (abandoned?.aborted) throw abandoned.reason;
  }
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function stillInProgress(): DispatcherError {
  return new DispatcherError(
    'IDEMPOTENCY_IN_PROGRESS',
    'the idempotency record of this event stayed INPROGRESS for as long as this invocation could wait; no email sent by this attempt',
    {
      retryable: true,
      fix:
        'transient: Lambda retries the event after the in-progress expiry and then sends or skips it for certain ' +
        '(another copy is still sending, or DynamoDB lost the answer to our own record write)',
    },
  );
}

/** One Powertools call: sent, a COMPLETED duplicate, or `IN_PROGRESS` (the caller decides to wait). */
async function attemptOnce(
  run: Runner,
  options: SendOnceOptions,
  send: () => Promise<SendResult>,
): Promise<SendOnceResult | typeof IN_PROGRESS> {
  let fresh: SendResult | undefined;
  let sendError: { error: unknown } | undefined;
  try {
    const stored = await run(options.key, options.remainingMs, async () => {
      try {
        fresh = await send();
      } catch (error) {
        sendError = { error };
        throw error;
      }
      return { messageId: fresh.messageId, provider: fresh.provider };
    });
    if (fresh) return { status: 'sent', result: fresh };
    return {
      status: 'duplicate',
      previous: stored ? { messageId: stored.messageId, provider: stored.provider } : null,
      reason: 'duplicate: this event was already delivered (idempotency record COMPLETED)',
    };
  } catch (err) {
    if (fresh) {
      // Sent, but the COMPLETED write failed. Report success: a throw would make Lambda send it again.
      options.logger.warn(
        { event: 'idempotency_record_failed', err },
        'email sent but its idempotency record could not be completed',
      );
      return { status: 'sent', result: fresh };
    }
    if (sendError) {
      // The send failed and so did deleting the record: the send's own error decides retry vs. drop.
      if (err !== sendError.error) {
        options.logger.warn(
          { event: 'idempotency_record_failed', err },
          'send failed and its in-progress idempotency record could not be removed',
        );
      }
      throw sendError.error;
    }
    if ((err as { name?: unknown })?.name === 'IdempotencyAlreadyInProgressError') return IN_PROGRESS;
    throw err;
  }
}
