/**
 * The lower half of idempotency: Powertools on DynamoDB, in its own module so the bundle puts Powertools (and
 * the DynamoDB client it requires) in a chunk that `idempotency.ts` (the upper half: what a duplicate means
 * for a delivery) imports only when `IDEMPOTENCY_TABLE` is set: a cold start without it neither loads nor
 * parses them. This module imports nothing of ours but the shared keep-alive agent (`providers/kit/warm-agent.ts`, which
 * imports only Node built-ins); `idempotency.ts` imports it (type-only, plus `import()`).
 */
import { createRequire } from 'node:module';
import type { SendResult } from '@mailroom/shared-types';
import { warmAgent } from './providers/kit/warm-agent.js';

/** What a delivery record stores: nothing secret, nothing personal. */
export interface StoredDelivery {
  messageId: string;
  provider: SendResult['provider'];
}

/** Runs `send` at most once per key (see idempotency.ts for the decisions). */
export type Runner = (
  key: string,
  remainingMs: () => number,
  send: () => Promise<StoredDelivery>,
) => Promise<StoredDelivery>;

/**
 * Loads Powertools through literal `require()` calls on purpose. In the ESM bundle an `import` of the
 * DynamoDB layer would hoist its own static imports of `@aws-sdk/client-dynamodb` and `@aws-sdk/util-dynamodb`
 * to the top of this chunk, where Node would lex those CommonJS packages for named exports (bench/README.md change 1).
 * esbuild bundles these require() targets as CommonJS sections, so those SDK packages are required only
 * here. Unbundled (tests, tsx) `require` does not exist in ESM: createRequire.
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

/**
 * Creates the Powertools-backed runner for one table (and one DynamoDB client).
 * @example
 * const record = { expiresAfterSeconds: 3600, keyPrefix: 'mailroom-email' };
 * const run = await createRunner('mailroom-idempotency', undefined, 'eu-west-1', record);
 */
export async function createRunner(
  table: string,
  endpoint: string | undefined,
  region: string | undefined,
  record: { expiresAfterSeconds: number; keyPrefix: string },
): Promise<Runner> {
  const { idempotency, dynamodb, client: sdk } = loadPowertools();
  const { IdempotencyConfig, makeIdempotent } = idempotency;
  const { DynamoDBPersistenceLayer } = dynamodb;
  const { DynamoDBClient } = sdk;
  // The SDK's config chain honours AWS_ENDPOINT_URL_DYNAMODB. Short timeouts: a stuck table must not eat
  // the invocation's budget (the error is thrown and Lambda retries).
  const client = new DynamoDBClient({
    region: region || 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    requestHandler: {
      connectionTimeout: 1_000,
      requestTimeout: 3_000,
      throwOnRequestTimeout: true,
      // Holds the connection the entry opened during init (warmup.ts): the first PutItem skips the handshake.
      httpsAgent: warmAgent,
    },
  });
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName: table, awsSdkV3Client: client });
  return (key, remainingMs, send) => {
    // A config per call: it carries this invocation's remaining time (concurrent calls in one process
    // would otherwise share one registered context).
    const config = new IdempotencyConfig({
      expiresAfterSeconds: record.expiresAfterSeconds,
      hashFunction: 'sha256',
      lambdaContext: { getRemainingTimeInMillis: remainingMs } as NonNullable<
        ConstructorParameters<typeof IdempotencyConfig>[0]['lambdaContext']
      >,
    });
    const once = makeIdempotent((_key: string) => send(), {
      persistenceStore,
      config,
      keyPrefix: record.keyPrefix,
    });
    return once(key);
  };
}
