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
 *   invocation's remaining time. A concurrent copy that finds it is skipped with an info line, not thrown:
 *   the copy holding the record has its own retries if its send fails (it then deletes the record and
 *   throws), so throwing here would only add an error metric and a retry that finds the record COMPLETED.
 *   If the holder crashes, its in-progress expiry lapses before Lambda's retry (≥ 1 minute later) arrives.
 * - A failed send deletes the record (Powertools) and is rethrown unchanged, so the retry sends. A send that
 *   succeeded but whose COMPLETED write failed still counts as sent: throwing would make Lambda send again.
 */
import type { SendResult } from '@mailroom/shared-types';
import type { Logger } from 'pino';
import type { Runner, StoredDelivery } from './idempotency-runner.js';

export type { StoredDelivery } from './idempotency-runner.js';

/** How long a delivery record blocks duplicates (see the module comment for why one hour). */
export const IDEMPOTENCY_EXPIRY_SECONDS = 3600;

/** Record key prefix (instead of the function name Powertools would use). */
export const IDEMPOTENCY_KEY_PREFIX = 'mailroom-email';

/** `sent`: this invocation sent it. `duplicate`: another copy of the event did (or is doing so right now). */
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

/**
 * Sends at most once per idempotency key while a record lives (when `table` is set); otherwise just sends.
 * Throws what `send` throws (after removing the in-progress record), or a Powertools persistence error when
 * DynamoDB is unreachable before the send (retryable: nothing was sent).
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
    const name = (err as { name?: unknown })?.name;
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
    if (name === 'IdempotencyAlreadyInProgressError') {
      return {
        status: 'duplicate',
        previous: null,
        reason:
          'duplicate: another copy of this event is being delivered now (idempotency record INPROGRESS)',
      };
    }
    throw err;
  }
}
