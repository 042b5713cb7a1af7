/**
 * Local DynamoDB for the idempotency tests: a thin wrapper that starts `dynalite` (DynamoDB's JSON 1.0 wire
 * protocol over an in-memory LevelDB) on 127.0.0.1 and a free port, plus helpers to create the Powertools
 * idempotency table and to read every stored item back.
 *
 * The helpers speak the wire protocol with `fetch` (no `@aws-sdk/client-dynamodb` in testkit): dynalite checks
 * that a SigV4-shaped `Authorization` header is present but never verifies the signature, like the KMS
 * stand-in. Point the SDK at it with `AWS_ENDPOINT_URL_DYNAMODB=<url>` plus dummy credentials.
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { startListening } from '../net.js';
import { AWS_JSON_1_0 } from './aws-json.js';

/** A running local DynamoDB. */
export interface DynamoDbStandIn {
  /** Base URL for `AWS_ENDPOINT_URL_DYNAMODB` or a client's `endpoint`. */
  url: string;
  region: string;
  /**
   * Creates a table with the Powertools idempotency default schema (partition key `id`, string) and returns
   * its name. dynalite has no TTL sweeper, so `expiration` is only honoured by Powertools' own condition.
   */
  createIdempotencyTable(name?: string): Promise<string>;
  /** Every item of a table, in DynamoDB's attribute-value JSON (`{ id: { S: '…' }, … }`). */
  scan(table: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** Options for {@link startDynamoDbStandIn}. */
export interface DynamoDbStandInOptions {
  /** Region named in the dummy signature and reported back (default `us-east-1`). */
  region?: string;
}

type Dynalite = (options: {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;

const require = createRequire(import.meta.url);

/**
 * Starts dynalite on a random loopback port, tables ACTIVE immediately.
 * @example
 * const ddb = await startDynamoDbStandIn();
 * const table = await ddb.createIdempotencyTable();
 * process.env.AWS_ENDPOINT_URL_DYNAMODB = ddb.url; // and IDEMPOTENCY_TABLE = table
 * // … later: (await ddb.scan(table)).length
 * await ddb.close();
 */
export async function startDynamoDbStandIn(opts: DynamoDbStandInOptions = {}): Promise<DynamoDbStandIn> {
  const region = opts.region ?? 'us-east-1';
  const dynalite = require('dynalite') as Dynalite;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const { port } = await startListening(server);
  const url = `http://127.0.0.1:${port}`;

  const call = async (target: string, body: unknown): Promise<Record<string, unknown>> => {
    const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': AWS_JSON_1_0,
        'x-amz-target': `DynamoDB_20120810.${target}`,
        'x-amz-date': date,
        authorization: `AWS4-HMAC-SHA256 Credential=test/${date.slice(0, 8)}/${region}/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0`,
      },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) {
      throw new Error(
        `dynalite ${target} failed (${res.status}): ${String(json.__type)} ${String(json.message)}`,
      );
    }
    return json;
  };

  let tables = 0;
  return {
    url,
    region,
    async createIdempotencyTable(name) {
      tables += 1;
      const table = name ?? `mailroom-idempotency-${tables}`;
      await call('CreateTable', {
        TableName: table,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      });
      return table;
    },
    async scan(table) {
      const items: Record<string, unknown>[] = [];
      let start: unknown;
      do {
        const page = await call('Scan', {
          TableName: table,
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        });
        items.push(...((page.Items as Record<string, unknown>[] | undefined) ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets from SDK clients would hold the server (and the test) open.
        server.closeAllConnections();
      }),
  };
}
