/**
 * Exactly-once delivery under Lambda's asynchronous retries (and the rare duplicate delivery of one event),
 * with Powertools idempotency on DynamoDB — only when `IDEMPOTENCY_TABLE` is set. Without it `sendOnce` just
 * sends, and neither Powertools nor `@aws-sdk/client-dynamodb` is ever loaded (see `loadPowertools`).
 *
 * Decisions (SECURITY.md "Retries and duplicates" repeats them for operators):
 * - Key: the message's `idempotencyKey`, SHA-256 over user pool id, user name, trigger source and the
 *   *ciphertext* `request.code` (message.ts). Cognito encrypts every email afresh, so a new code never
 *   collides, while Lambda's retries of one event carry the same ciphertext. Powertools hashes it once more
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
import { createRequire } from 'node:module';
import type { SendResult } from '@mailroom/shared-types';
import type { Logger } from 'pino';
import { serializeError } from './logger.js';

/** How long a delivery record blocks duplicates (see the module comment for why one hour). */
export const IDEMPOTENCY_EXPIRY_SECONDS = 3600;

/** Record key prefix (instead of the function name Powertools would use). */
export const IDEMPOTENCY_KEY_PREFIX = 'mailroom-email';

/** What a delivery record stores: nothing secret, nothing personal. */
export interface StoredDelivery {
  messageId: string;
  provider: SendResult['provider'];
}

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

type Runner = (
  key: string,
  remainingMs: () => number,
  send: () => Promise<StoredDelivery>,
) => Promise<StoredDelivery>;

/** One persistence layer (and DynamoDB client) per table and endpoint, per cold start. */
const runners = new Map<string, Promise<Runner>>();

/**
 * Loads Powertools through literal `require()` calls on purpose. In the ESM bundle an `import` of the
 * DynamoDB layer would have its own static imports of `@aws-sdk/client-dynamodb` and `@aws-sdk/util-dynamodb`
 * hoisted to the top of `dist/index.js`, loading them at every cold start (and failing where they are not
 * installed). esbuild bundles these require() targets as lazily initialised CommonJS sections, so those
 * SDK packages are required only here. Unbundled (tests, tsx) `require` does not exist in ESM: createRequire.
 */
function loadPowertools(): {
  idempotency: typeof import('@aws-lambda-powertools/idempotency');
  dynamodb: typeof import('@aws-lambda-powertools/idempotency/dynamodb');
  client: typeof import('@aws-sdk/client-dynamodb');
} {
  if (typeof require === 'function') {
    return {
      idempotency: require('@aws-lambda-powertools/idempotency'),
      dynamodb: require('@aws-lambda-powertools/idempotency/dynamodb'),
      client: require('@aws-sdk/client-dynamodb'),
    };
  }
  const load = createRequire(import.meta.url);
  return {
    idempotency: load('@aws-lambda-powertools/idempotency'),
    dynamodb: load('@aws-lambda-powertools/idempotency/dynamodb'),
    client: load('@aws-sdk/client-dynamodb'),
  };
}

async function createRunner(
  table: string,
  endpoint: string | undefined,
  region: string | undefined,
): Promise<Runner> {
  const { idempotency, dynamodb, client: sdk } = loadPowertools();
  const { IdempotencyConfig, makeIdempotent } = idempotency;
  const { DynamoDBPersistenceLayer } = dynamodb;
  const { DynamoDBClient } = sdk;
  // The SDK's config chain honours AWS_ENDPOINT_URL_DYNAMODB. Short timeouts: a stuck table must not eat
  // the invocation's budget (the error is thrown and Lambda retries).
  const client = new DynamoDBClient({
    region: region || process.env.AWS_REGION || 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
  });
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName: table, awsSdkV3Client: client });
  return (key, remainingMs, send) => {
    // A config per call: it carries this invocation's remaining time (concurrent calls in one process
    // would otherwise share one registered context).
    const config = new IdempotencyConfig({
      expiresAfterSeconds: IDEMPOTENCY_EXPIRY_SECONDS,
      hashFunction: 'sha256',
      lambdaContext: { getRemainingTimeInMillis: remainingMs } as NonNullable<
        ConstructorParameters<typeof IdempotencyConfig>[0]['lambdaContext']
      >,
    });
    const once = makeIdempotent((_key: string) => send(), {
      persistenceStore,
      config,
      keyPrefix: IDEMPOTENCY_KEY_PREFIX,
    });
    return once(key);
  };
}

function runnerFor(options: SendOnceOptions & { table: string }): Promise<Runner> {
  const id = JSON.stringify([options.table, options.endpoint ?? null, options.region ?? null]);
  let runner = runners.get(id);
  if (!runner) {
    runner = createRunner(options.table, options.endpoint, options.region);
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
        { event: 'idempotency_record_failed', err: serializeError(err) },
        'email sent but its idempotency record could not be completed',
      );
      return { status: 'sent', result: fresh };
    }
    if (sendError) {
      // The send failed and so did deleting the record: the send's own error decides retry vs. drop.
      if (err !== sendError.error) {
        options.logger.warn(
          { event: 'idempotency_record_failed', err: serializeError(err) },
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
