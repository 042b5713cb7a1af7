/**
 * Exactly-once delivery with IDEMPOTENCY_TABLE: the deployable bundle (fresh process = cold start) against
 * dynalite, the KMS stand-in and the SendGrid stand-in, all on loopback. Concurrency is made deterministic by
 * a gate between the dispatcher and SendGrid that holds the first copy's send until the second copy is done.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SendResult } from '@mailroom/shared-types';
import type { DynamoDbStandIn, KmsStandIn, MadeEvent, StandIn } from '@mailroom/testkit';
import { makeEvent, startDynamoDbStandIn, startKmsStandIn, startSendGridStandIn } from '@mailroom/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendOnce } from '../../src/idempotency.js';
import { createLogger } from '../../src/logger.js';
import { withTempFile } from '../support/temp-file.js';
import { API_KEY, FROM, REGION } from './helpers/env.js';
import { AWS_TEST_ENV, BUNDLE, invokeBundle, outcomes } from './helpers/invoke-bundle.js';

const RESOLUTION_RECORDER = fileURLToPath(new URL('./providers/lazy/register-recorder.mjs', import.meta.url));

let kms: KmsStandIn;
let sendgrid: StandIn;
let ddb: DynamoDbStandIn;

function env(table: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL_KMS: kms.url,
    AWS_ENDPOINT_URL_DYNAMODB: ddb.url,
    KMS_KEY_ARN: kms.keyArn,
    EMAIL_PROVIDER: 'sendgrid',
    SENDGRID_API_KEY: API_KEY,
    SENDGRID_API_URL: sendgrid.url,
    EMAIL_FROM: FROM,
    IDEMPOTENCY_TABLE: table,
    ...overrides,
  };
}

function signUp(code: string): Promise<MadeEvent> {
  return makeEvent('SignUp', { kms, email: 'ana@example.com', userName: 'ana-0001', code });
}

/**
 * A loopback HTTP proxy in front of a stand-in: requests are forwarded unchanged; with `hold`, each waits
 * until `release()`. `held` resolves when the first request arrives; `onRequest` sees each request's headers.
 */
async function startProxy(
  target: string,
  options: {
    hold?: boolean;
    onRequest?: (headers: Record<string, string | string[] | undefined>) => void;
  } = {},
): Promise<{ url: string; held: Promise<void>; release(): void; close(): Promise<void> }> {
  let arrived: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  let open: () => void = () => {};
  const released = options.hold
    ? new Promise<void>((resolve) => {
        open = resolve;
      })
    : Promise.resolve();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      arrived();
      options.onRequest?.(req.headers);
      await released;
      await forward(target, req, Buffer.concat(chunks), res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    release: open,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function forward(
  target: string,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
): Promise<void> {
  const headers = Object.fromEntries(
    Object.entries(req.headers).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host' && e[0] !== 'connection',
    ),
  );
  const upstream = await fetch(`${target}${req.url ?? '/'}`, { method: req.method ?? 'POST', headers, body });
  const out: Record<string, string> = {};
  upstream.headers.forEach((value, key) => {
    if (key !== 'content-length' && key !== 'transfer-encoding' && key !== 'connection') out[key] = value;
  });
  res.writeHead(upstream.status, out);
  res.end(Buffer.from(await upstream.arrayBuffer()));
}

/** The SendGrid gate: copy A's send is held until the test releases it. */
function startGate(target: string): ReturnType<typeof startProxy> {
  return startProxy(target, { hold: true });
}

beforeAll(async () => {
  [kms, sendgrid, ddb] = await Promise.all([
    startKmsStandIn({ region: REGION }),
    startSendGridStandIn({ apiKey: API_KEY }),
    startDynamoDbStandIn({ region: REGION }),
  ]);
});

afterEach(() => {
  sendgrid.accepted.length = 0;
  sendgrid.fail(null);
});

afterAll(async () => {
  await Promise.all([kms?.close(), sendgrid?.close(), ddb?.close()]);
});

describe('idempotency (IDEMPOTENCY_TABLE set)', () => {
  it('sends the same event delivered three times once: warm repeat and a later cold start', async () => {
    // Arrange
    const table = await ddb.createIdempotencyTable();
    const made = await signUp('731904');

    // Act: two deliveries in one warm process, a third in a new cold start
    const warm = await invokeBundle(env(table), [made.event, made.event]);
    const cold = await invokeBundle(env(table), [made.event]);

    // Assert
    expect([...warm.results, ...cold.results]).toEqual([
      { threw: false },
      { threw: false },
      { threw: false },
    ]);
    expect(sendgrid.accepted).toHaveLength(1);
    const [first, second] = outcomes(warm);
    const [third] = outcomes(cold);
    expect(first).toMatchObject({ event: 'email_sent', provider: 'sendgrid' });
    const duplicate = {
      event: 'email_skipped',
      provider: 'sendgrid',
      messageId: first?.messageId,
      reason: expect.stringContaining('already delivered'),
    };
    expect(second).toMatchObject(duplicate);
    expect(third).toMatchObject(duplicate);
  });

  it('stores only { messageId, provider }: no code, ciphertext, address or user name', async () => {
    // Arrange
    const table = await ddb.createIdempotencyTable();
    const made = await signUp('550913');

    // Act
    await invokeBundle(env(table), [made.event]);

    // Assert
    const items = await ddb.scan(table);
    expect(items).toHaveLength(1);
    const item = (items[0] ?? {}) as { data?: { M: object }; expiration?: { N: string } };
    expect(item).toMatchObject({
      id: { S: expect.stringMatching(/^mailroom-email#[A-Za-z0-9+/]{43}=$/) },
      status: { S: 'COMPLETED' },
      data: { M: { messageId: { S: sendgrid.accepted[0]?.messageId }, provider: { S: 'sendgrid' } } },
    });
    expect(Object.keys(item.data?.M ?? {}).sort()).toEqual(['messageId', 'provider']);
    const expiresIn = Number(item.expiration?.N) - Date.now() / 1000;
    expect(expiresIn).toBeGreaterThan(3500);
    expect(expiresIn).toBeLessThanOrEqual(3601);
    const stored = JSON.stringify(items);
    for (const secret of [made.plaintext, made.event.request.code, 'ana@example.com', 'ana-0001']) {
      expect(stored).not.toContain(secret);
    }
  });

  it('sends two concurrent copies once: the copy that finds the record in progress waits, then is skipped', async () => {
    // Arrange: copy A's SendGrid call is held at the gate; copy B reaches DynamoDB through a tap that
    // counts its PutItem calls (the second one means it found A's INPROGRESS record and is waiting)
    const table = await ddb.createIdempotencyTable();
    const made = await signUp('208117');
    const gate = await startGate(sendgrid.url);
    let puts = 0;
    let waiting: () => void = () => {};
    const bWaits = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const tap = await startProxy(ddb.url, {
      onRequest: (headers) => {
        if (String(headers['x-amz-target']).endsWith('.PutItem') && ++puts >= 2) waiting();
      },
    });
    try {
      const gated = env(table, { SENDGRID_API_URL: gate.url });

      // Act
      const copyA = invokeBundle(gated, [made.event]);
      await gate.held;
      const copyB = invokeBundle({ ...gated, AWS_ENDPOINT_URL_DYNAMODB: tap.url }, [made.event]);
      await bWaits;
      gate.release();
      const [runA, runB] = await Promise.all([copyA, copyB]);

      // Assert: B was skipped only once A's record was COMPLETED, naming A's delivery
      expect(runA.results).toEqual([{ threw: false }]);
      expect(outcomes(runA)).toEqual([expect.objectContaining({ event: 'email_sent' })]);
      expect(runB.results).toEqual([{ threw: false }]);
      expect(outcomes(runB)).toEqual([
        expect.objectContaining({
          event: 'email_skipped',
          level: 'info',
          reason: expect.stringContaining('COMPLETED'),
          messageId: sendgrid.accepted[0]?.messageId,
        }),
      ]);
      expect(sendgrid.accepted).toHaveLength(1);
    } finally {
      await Promise.all([gate.close(), tap.close()]);
    }
  });

  it('lets the retry send after a transient failure, leaving no record behind from the failed attempt', async () => {
    // Arrange
    const table = await ddb.createIdempotencyTable();
    const made = await signUp('640022');
    sendgrid.fail({ status: 503, times: 1 });

    // Act: Lambda's first attempt fails, its retry runs in a new process
    const failed = await invokeBundle(env(table), [made.event]);
    const recordsAfterFailure = await ddb.scan(table);
    const retried = await invokeBundle(env(table), [made.event]);
    const again = await invokeBundle(env(table), [made.event]);

    // Assert
    expect(failed.results).toEqual([
      { threw: true, error: expect.objectContaining({ code: 'DELIVERY_FAILED', retryable: true }) },
    ]);
    expect(recordsAfterFailure).toEqual([]);
    expect(outcomes(retried)).toEqual([expect.objectContaining({ event: 'email_sent' })]);
    expect(outcomes(again)).toEqual([expect.objectContaining({ event: 'email_skipped' })]);
    expect(sendgrid.accepted).toHaveLength(1);
  });

  it('takes its claim on the table while KMS decrypts: the first table write does not wait for the code', async () => {
    // Arrange: KMS and the table behind recording proxies; KMS holds its answer to the Decrypt for 400 ms
    const table = await ddb.createIdempotencyTable();
    const made = await signUp('580317');
    const arrivals: { service: string; target: string; at: number }[] = [];
    const record = (service: string) => (headers: Record<string, string | string[] | undefined>) =>
      arrivals.push({ service, target: String(headers['x-amz-target'] ?? ''), at: Date.now() });
    const kmsProxy = await startProxy(kms.url, { onRequest: record('kms') });
    const tableProxy = await startProxy(ddb.url, { onRequest: record('dynamodb') });
    kms.fault({ delayMs: 400, times: 1 });
    try {
      // Act
      const run = await invokeBundle(
        env(table, { AWS_ENDPOINT_URL_KMS: kmsProxy.url, AWS_ENDPOINT_URL_DYNAMODB: tableProxy.url }),
        [made.event],
      );

      // Assert: the claim (PutItem) reached the table while KMS still held the Decrypt; sent once
      expect(outcomes(run)).toEqual([expect.objectContaining({ event: 'email_sent' })]);
      const decrypt = arrivals.find((a) => a.target.endsWith('.Decrypt'));
      const claim = arrivals.find((a) => a.target.endsWith('.PutItem'));
      expect(decrypt).toBeDefined();
      expect(claim).toBeDefined();
      expect((claim?.at ?? Number.POSITIVE_INFINITY) - (decrypt?.at ?? 0)).toBeLessThan(400);
      expect(sendgrid.accepted).toHaveLength(1);
    } finally {
      kms.fault(null);
      await Promise.all([kmsProxy.close(), tableProxy.close()]);
    }
  });

  it("releases its claim when decrypting fails, so Lambda's retry sends the email", async () => {
    // Arrange: KMS throttles every Decrypt of the first attempt (the SDK's own retries included)
    const table = await ddb.createIdempotencyTable();
    const made = await signUp('902246');
    kms.fault({ error: 'ThrottlingException' });

    // Act
    const failed = await invokeBundle(env(table), [made.event]);
    const recordsAfterFailure = await ddb.scan(table);
    kms.fault(null);
    const retried = await invokeBundle(env(table), [made.event]);

    // Assert: thrown for Lambda's retry, no record left from the claim, and the retry sent
    expect(failed.results).toEqual([
      { threw: true, error: expect.objectContaining({ code: 'KMS_TRANSIENT', retryable: true }) },
    ]);
    expect(recordsAfterFailure).toEqual([]);
    expect(outcomes(retried)).toEqual([expect.objectContaining({ event: 'email_sent' })]);
    expect(sendgrid.accepted).toHaveLength(1);
  });

  it('logs a code the Encryption SDK refuses before the claim is answered, without crashing or keeping a record', async () => {
    // Arrange: not an Encryption SDK message, refused before any KMS call (before the table's PutItem answers)
    const table = await ddb.createIdempotencyTable();
    const made = await signUp('331907');
    const garbage = {
      ...made.event,
      request: { ...made.event.request, code: Buffer.from('not a message').toString('base64') },
    };

    // Act
    const run = await invokeBundle(env(table), [garbage, made.event]);

    // Assert: the bad one logged (not thrown, not a process crash), the good one after it sent; one record
    expect(run.results).toEqual([{ threw: false }, { threw: false }]);
    expect(outcomes(run)).toEqual([
      expect.objectContaining({ event: 'email_failed', code: 'DECRYPT_FAILED' }),
      expect.objectContaining({ event: 'email_sent' }),
    ]);
    expect(run.output).not.toMatch(/unhandled/i);
    expect(await ddb.scan(table)).toHaveLength(1);
  });

  it('treats different codes for the same user and trigger as different emails', async () => {
    const table = await ddb.createIdempotencyTable();
    const first = await signUp('111111');
    const resent = await signUp('222222');

    const run = await invokeBundle(env(table), [first.event, resent.event]);

    expect(outcomes(run).map((l) => l.event)).toEqual(['email_sent', 'email_sent']);
    expect(sendgrid.accepted).toHaveLength(2);
  });

  // Regression: takeover events carry `code: null`, so a key over the code merged every takeover of a user.
  it('sends two different takeover events for one user, and a re-delivery of one of them once', async () => {
    // Arrange: same pool and user, different EVENT_ID and IP (what distinguishes two takeover events)
    const table = await ddb.createIdempotencyTable();
    const takeover = (eventId: string, ip: string) =>
      makeEvent('AccountTakeOverNotification', {
        kms,
        email: 'ana@example.com',
        userName: 'ana-0001',
        userPoolId: `${REGION}_TakeOver1`,
        userAttributes: { EVENT_ID: eventId, IP_ADDRESS: ip },
      });
    const first = await takeover('5b3f0c1e-0000-4000-8000-000000000001', '203.0.113.42');
    const second = await takeover('5b3f0c1e-0000-4000-8000-000000000002', '198.51.100.7');

    // Act: first, second, then Lambda re-delivers the first
    const run = await invokeBundle(env(table), [first.event, second.event, first.event]);

    // Assert
    expect(run.results).toEqual([{ threw: false }, { threw: false }, { threw: false }]);
    expect(outcomes(run).map((l) => l.event)).toEqual(['email_sent', 'email_sent', 'email_skipped']);
    expect(sendgrid.accepted).toHaveLength(2);
  });

  it('keys a takeover event without EVENT_ID on the whole request: a re-delivery still sends once', async () => {
    // Arrange
    const table = await ddb.createIdempotencyTable();
    const made = await makeEvent('AccountTakeOverNotification', {
      kms,
      email: 'ana@example.com',
      userName: 'ana-0001',
      userPoolId: `${REGION}_TakeOver2`,
    });
    const { EVENT_ID: _dropped, ...attributes } = made.event.request.userAttributes;
    const withoutId = { ...made.event, request: { ...made.event.request, userAttributes: attributes } };
    const otherIp = {
      ...withoutId,
      request: { ...withoutId.request, userAttributes: { ...attributes, IP_ADDRESS: '198.51.100.9' } },
    };

    // Act
    const run = await invokeBundle(env(table), [withoutId, withoutId, otherIp]);

    // Assert
    expect(outcomes(run).map((l) => l.event)).toEqual(['email_sent', 'email_skipped', 'email_sent']);
    expect(sendgrid.accepted).toHaveLength(2);
  });

  it('throws (so Lambda retries) when the table cannot be reached, and sends nothing', async () => {
    const made = await signUp('909090');

    const run = await invokeBundle(env('no-such-table'), [made.event]);

    expect(run.results).toEqual([
      { threw: true, error: expect.objectContaining({ name: 'IdempotencyPersistenceLayerError' }) },
    ]);
    expect(outcomes(run)).toEqual([
      expect.objectContaining({ event: 'email_failed', code: 'INTERNAL_ERROR', retryable: true }),
    ]);
    expect(sendgrid.accepted).toEqual([]);
  });
});

describe('without IDEMPOTENCY_TABLE', () => {
  /**
   * Imports the bundle in a fresh process, handles one event, and lists the loaded CommonJS modules plus, for
   * the AWS SDK the bundle inlines, the bundle files holding client-dynamodb that the process resolved
   * (dist/meta.json says which files hold it; a resolution hook records what was loaded).
   */
  function loadedModules(environment: Record<string, string>, event: unknown): Promise<string[]> {
    return withTempFile('mailroom-idem-', 'resolved.log', (resolvedLog) =>
      loadedModulesLogging(environment, event, resolvedLog),
    );
  }

  function loadedModulesLogging(
    environment: Record<string, string>,
    event: unknown,
    resolvedLog: string,
  ): Promise<string[]> {
    const meta = JSON.parse(readFileSync(join(dirname(BUNDLE), 'meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, unknown> }>;
    };
    const dynamoFiles = Object.entries(meta.outputs)
      .filter(([, out]) => Object.keys(out.inputs).some((i) => i.includes('/@aws-sdk/client-dynamodb/')))
      .map(([path]) => path.replace(/^dist\//, ''));
    const script = `
      import { createRequire } from 'node:module';
      const mod = await import(${JSON.stringify(pathToFileURL(BUNDLE).href)});
      await mod.handler(JSON.parse(process.env.EVENT_JSON), { awsRequestId: 'r', getRemainingTimeInMillis: () => 15000 });
      process.stdout.write('\\nMODULES ' + JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));
    `;
    return new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', RESOLUTION_RECORDER, '--input-type=module', '-e', script],
        {
          env: {
            PATH: process.env.PATH ?? '',
            ...AWS_TEST_ENV,
            ...environment,
            EVENT_JSON: JSON.stringify(event),
            MAILROOM_RESOLVE_LOG: resolvedLog,
          },
        },
        (err, stdout) => {
          if (err) return reject(err);
          const line = stdout.split('\n').find((l) => l.startsWith('MODULES '));
          const resolved = readFileSync(resolvedLog, 'utf8').split('\n');
          const bundled = dynamoFiles
            .filter((f) => resolved.some((url) => url.endsWith(`/dist/${f}`)))
            .map((f) => `bundled client-dynamodb in dist/${f}`);
          resolve([...(JSON.parse(line?.slice('MODULES '.length) ?? '[]') as string[]), ...bundled]);
        },
      );
    });
  }

  it('never loads the DynamoDB client (Powertools is bundled, so its absence is proven by the SDK)', async () => {
    // Arrange
    const made = await signUp('424242');
    const table = await ddb.createIdempotencyTable();
    const { IDEMPOTENCY_TABLE: _unused, ...plain } = env(table);

    // Act
    const without = await loadedModules(plain, made.event);
    const withTable = await loadedModules(env(table), (await signUp('434343')).event);

    // Assert: the positive control shows the check can see the module when it is used
    expect(without.filter((m) => m.includes('dynamodb'))).toEqual([]);
    expect(withTable.some((m) => m.includes('client-dynamodb'))).toBe(true);
    expect(sendgrid.accepted).toHaveLength(2);
  });
});

/**
 * A first copy that takes the record for `key` and holds it: its send waits until `open()`. Resolves once that
 * send has started (the record is INPROGRESS). `sends` counts the first copy's send.
 */
async function holdRecord(options: Parameters<typeof sendOnce>[0], messageId: string) {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let entered: () => void = () => {};
  const inSend = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const first = sendOnce(options, async () => {
    entered();
    await gate;
    return { provider: 'outbox', messageId };
  });
  await Promise.race([inSend, first]);
  return { first, open };
}

describe('sendOnce from source, with an explicit endpoint (no AWS_ENDPOINT_URL_DYNAMODB in process.env)', () => {
  const logLines: string[] = [];
  const logger = createLogger({ destination: { write: (line: string) => void logLines.push(line) } });
  // The DynamoDB client still takes credentials from the environment: dummy ones, restored afterwards.
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [key, value] of Object.entries(AWS_TEST_ENV)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
  });
  afterAll(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('runs the send once per key and reports the stored result to later copies', async () => {
    // Arrange
    const table = await ddb.createIdempotencyTable();
    const options = {
      table,
      key: 'a'.repeat(64),
      remainingMs: () => 10_000,
      logger,
      endpoint: ddb.url,
      region: REGION,
    };
    let sends = 0;
    const send = async (): Promise<SendResult> => {
      sends += 1;
      return { provider: 'outbox', messageId: `<m${sends}@mailroom.outbox>` };
    };

    // Act
    const first = await sendOnce(options, send);
    const second = await sendOnce(options, send);

    // Assert
    expect(first).toEqual({
      status: 'sent',
      result: { provider: 'outbox', messageId: '<m1@mailroom.outbox>' },
    });
    expect(second).toMatchObject({
      status: 'duplicate',
      previous: { provider: 'outbox', messageId: '<m1@mailroom.outbox>' },
    });
    expect(sends).toBe(1);
  });

  it('makes a copy that finds the record in progress wait, then skips it once the first send completed', async () => {
    // Arrange: the first copy holds the record until the test opens its gate, once the second logged it waits
    const table = await ddb.createIdempotencyTable();
    const options = {
      table,
      key: 'b'.repeat(64),
      remainingMs: () => 10_000,
      logger,
      endpoint: ddb.url,
      region: REGION,
    };
    let waiting: () => void = () => {};
    const secondWaits = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const watching = createLogger({
      level: 'debug',
      destination: { write: (line: string) => void (line.includes('"idempotency_wait"') && waiting()) },
    });
    let sends = 0;

    // Act
    const { first, open } = await holdRecord(options, '<slow@mailroom.outbox>');
    const second = sendOnce({ ...options, logger: watching }, async () => {
      sends += 1;
      return { provider: 'outbox', messageId: '<never@mailroom.outbox>' };
    });
    await secondWaits;
    open();

    // Assert
    expect(await first).toMatchObject({ status: 'sent' });
    expect(await second).toMatchObject({
      status: 'duplicate',
      previous: { provider: 'outbox', messageId: '<slow@mailroom.outbox>' },
      reason: expect.stringContaining('COMPLETED'),
    });
    expect(sends).toBe(0);
  });

  it('stops waiting for another copy’s in-progress record as soon as the caller abandons, with its reason', async () => {
    // Arrange: a first copy holds the record (its send waits on a gate); a second copy waits for it
    const table = await ddb.createIdempotencyTable();
    const options = {
      table,
      key: 'd'.repeat(64),
      remainingMs: () => 10_000,
      logger,
      endpoint: ddb.url,
      region: REGION,
    };
    const { first, open } = await holdRecord(options, '<held@mailroom.outbox>');
    const abandoned = new AbortController();
    let sends = 0;
    const second = sendOnce({ ...options, abandoned: abandoned.signal }, async () => {
      sends += 1;
      return { provider: 'outbox', messageId: '<never@mailroom.outbox>' };
    });
    second.catch(() => undefined);

    // Act: the second copy's caller gives up (a step before its send failed) while it waits
    const reason = new Error('render failed');
    const started = Date.now();
    setTimeout(() => abandoned.abort(reason), 50);
    const settled = await second.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    const waitedMs = Date.now() - started;
    open();

    // Assert: rejected with the caller's reason long before its 10 s budget ran out; never sent
    expect(settled).toBe(reason);
    expect(waitedMs).toBeLessThan(5_000);
    expect(sends).toBe(0);
    expect(await first).toMatchObject({ status: 'sent' });
  });

  it('never drops an email whose record stays in progress (its own write, answer lost): it throws so Lambda retries, and the retry sends', async () => {
    // Arrange: an INPROGRESS record nobody will complete — a send that never returns, in an invocation
    // with 1.8 s left (so the record's in-progress expiry is 1.8 s away)
    const table = await ddb.createIdempotencyTable();
    const options = { table, key: 'd'.repeat(64), logger, endpoint: ddb.url, region: REGION };
    let sends = 0;
    const started = Date.now();
    void sendOnce({ ...options, remainingMs: () => 1_800 }, () => {
      sends += 1;
      return new Promise<SendResult>(() => {});
    });
    await expect.poll(async () => (await ddb.scan(table)).length).toBe(1);

    // Act: a copy with 2 s left can wait 0.5 s (it keeps IDEMPOTENCY_WAIT_RESERVE_MS for its own send)
    const copy = sendOnce({ ...options, remainingMs: () => 2_000 }, async () => {
      sends += 1;
      return { provider: 'outbox', messageId: '<copy@mailroom.outbox>' };
    });

    // Assert: refused as retryable, nothing sent by it; Lambda's retry, after the expiry, sends
    await expect(copy).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS', retryable: true });
    expect(sends).toBe(1);
    await expect.poll(() => Date.now() - started, { timeout: 5_000, interval: 100 }).toBeGreaterThan(1_900);
    const retry = await sendOnce({ ...options, remainingMs: () => 10_000 }, async () => {
      sends += 1;
      return { provider: 'outbox', messageId: '<retry@mailroom.outbox>' };
    });
    expect(retry).toMatchObject({ status: 'sent', result: { messageId: '<retry@mailroom.outbox>' } });
    expect(sends).toBe(2);
  });

  it('rethrows a failed send unchanged and keeps no record, so the next attempt sends', async () => {
    const table = await ddb.createIdempotencyTable();
    const options = {
      table,
      key: 'c'.repeat(64),
      remainingMs: () => 10_000,
      logger,
      endpoint: ddb.url,
      region: REGION,
    };
    const failure = new Error('provider down');

    await expect(sendOnce(options, () => Promise.reject(failure))).rejects.toBe(failure);
    const records = await ddb.scan(table);
    const retry = await sendOnce(options, async () => ({
      provider: 'outbox',
      messageId: '<retry@mailroom.outbox>',
    }));

    expect(records).toEqual([]);
    expect(retry).toMatchObject({ status: 'sent' });
  });
});
