/**
 * `createHandler` in-process (what the studio and local tools use): the injected environment reaches the AWS
 * clients too, and logs go to the injected destination.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Outcome } from '@mailroom/shared-types';
import type { KmsStandIn } from '@mailroom/testkit';
import { makeEvent, startKmsStandIn } from '@mailroom/testkit';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createHandler } from '../../src/handler.js';
import { REGION } from './helpers/env.js';
import { AWS_TEST_ENV } from './helpers/invoke-bundle.js';

let kms: KmsStandIn;
let dir: string;

beforeAll(async () => {
  kms = await startKmsStandIn({ region: REGION });
  dir = await mkdtemp(join(tmpdir(), 'mailroom-create-handler-'));
  // Credentials still come from the SDK's default chain (process.env), as on Lambda.
  for (const [key, value] of Object.entries(AWS_TEST_ENV)) vi.stubEnv(key, value);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await kms?.close();
  await rm(dir, { recursive: true, force: true });
});

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(JSON.parse(String(chunk)));
      callback();
    },
  });
  return { lines, destination };
}

it('sends through the outbox with the injected environment and log destination', async () => {
  // Arrange
  const { lines, destination } = capture();
  const handler = createHandler({
    env: {
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_KMS: kms.url,
      KMS_KEY_ARN: kms.keyArn,
      EMAIL_PROVIDER: 'outbox',
      OUTBOX_DIR: dir,
      EMAIL_FROM: 'a@mailroom.test',
      LOG_PII: 'true',
    },
    logDestination: destination,
  });
  const first = await makeEvent('SignUp', { kms, email: 'ana@example.com' });
  const second = await makeEvent('ResendCode', { kms, email: 'bob@example.com' });

  // Act
  await handler.init();
  await handler(first.event, { awsRequestId: 'r1' });
  await handler(second.event, { awsRequestId: 'r2' });

  // Assert
  expect((await readdir(dir)).filter((f) => f.endsWith('.eml'))).toHaveLength(2);
  expect(lines.map((l) => [l.event, l.requestId, l.to])).toEqual([
    ['email_sent', 'r1', 'ana@example.com'],
    ['email_sent', 'r2', 'bob@example.com'],
  ]);
  expect(JSON.stringify(lines)).not.toContain(first.plaintext);
});

it('rejects init with a ConfigError, and tries again on the next call', async () => {
  const { lines, destination } = capture();
  const handler = createHandler({ env: { EMAIL_PROVIDER: 'outbox' }, logDestination: destination });

  const first = await handler.init().catch((e: unknown) => e);
  const second = await handler({}).catch((e: unknown) => e);

  expect(first).toBeInstanceOf(ConfigError);
  expect((first as ConfigError).problems).toEqual([expect.stringContaining('EMAIL_FROM is required')]);
  expect(second).toBeInstanceOf(ConfigError);
  expect(lines.map((l) => l.event)).toEqual(['config_invalid', 'config_invalid']);
  // Regression: `err` went through serializeError twice and logged as "[object Object]".
  expect(lines[0]).toMatchObject({
    err: { type: 'ConfigError', message: expect.stringContaining('EMAIL_FROM') },
  });
});

/** The outcome line without pino's own fields: what `onOutcome` must receive. */
function outcomeFacts(line: Record<string, unknown>): Record<string, unknown> {
  const { level: _level, time: _time, service: _service, component: _component, msg: _msg, ...facts } = line;
  return facts;
}

it('hands onOutcome the facts of the outcome line, once per invocation: sent, skipped and failed', async () => {
  // Arrange
  const { lines, destination } = capture();
  const outcomes: Outcome[] = [];
  const handler = createHandler({
    env: {
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_KMS: kms.url,
      KMS_KEY_ARN: kms.keyArn,
      EMAIL_PROVIDER: 'outbox',
      OUTBOX_DIR: dir,
      EMAIL_FROM: 'a@mailroom.test',
      DISABLED_TRIGGERS: 'AccountTakeOverNotification',
    },
    logDestination: destination,
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  const sent = await makeEvent('SignUp', { kms, email: 'ana@example.com' });
  const skipped = await makeEvent('AccountTakeOverNotification', { kms, email: 'bob@example.com' });

  // Act
  await handler(sent.event, { awsRequestId: 'sent' });
  await handler(skipped.event, { awsRequestId: 'skipped' });
  await handler({ triggerSource: 'CustomEmailSender_SignUp' }, { awsRequestId: 'failed' });

  // Assert
  expect(outcomes.map((o) => [o.event, o.requestId])).toEqual([
    ['email_sent', 'sent'],
    ['email_skipped', 'skipped'],
    ['email_failed', 'failed'],
  ]);
  expect(outcomes).toEqual(lines.map(outcomeFacts));
  const [first, second, third] = outcomes;
  expect(first).toMatchObject({ provider: 'outbox', to: 'a***@example.com', recipientSource: 'attribute' });
  expect(first?.event === 'email_sent' && typeof first.messageId).toBe('string');
  // The provider's own time is part of the invocation's, apart from it (the studio's Send test shows both).
  const providerMs = first?.event === 'email_sent' ? first.providerMs : undefined;
  expect(providerMs).toBeGreaterThan(0);
  expect(providerMs).toBeLessThanOrEqual(first?.durationMs ?? 0);
  expect(second).toMatchObject({ reason: expect.stringContaining('DISABLED_TRIGGERS') });
  expect(third).toMatchObject({ code: 'INVALID_EVENT', retryable: false, fix: expect.any(String) });
  expect(JSON.stringify(outcomes)).not.toContain(sent.plaintext);
});

it('hands onOutcome a retryable failure before the handler throws it', async () => {
  // Arrange
  const { lines, destination } = capture();
  const outcomes: Outcome[] = [];
  const handler = createHandler({
    env: {
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_KMS: kms.url,
      KMS_KEY_ARN: kms.keyArn,
      EMAIL_PROVIDER: 'outbox',
      OUTBOX_DIR: dir,
      EMAIL_FROM: 'a@mailroom.test',
    },
    logDestination: destination,
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  const { event } = await makeEvent('ForgotPassword', { kms, email: 'ana@example.com' });
  kms.fault({ error: 'KMSInternalException' });

  // Act
  const thrown = await handler(event, { awsRequestId: 'r-kms-down' })
    .catch((e: unknown) => e)
    .finally(() => kms.fault(null));

  // Assert
  expect(thrown).toMatchObject({ code: 'KMS_TRANSIENT', retryable: true });
  expect(outcomes).toEqual([
    expect.objectContaining({
      event: 'email_failed',
      code: 'KMS_TRANSIENT',
      retryable: true,
      fix: expect.any(String),
    }),
  ]);
  expect(outcomes).toEqual(lines.filter((l) => l.event === 'email_failed').map(outcomeFacts));
});

it('logs an onOutcome that throws and keeps the invocation result', async () => {
  // Arrange
  const { lines, destination } = capture();
  const handler = createHandler({
    env: { EMAIL_PROVIDER: 'outbox', OUTBOX_DIR: dir, EMAIL_FROM: 'a@mailroom.test' },
    logDestination: destination,
    onOutcome: () => {
      throw new Error('callback broke');
    },
  });

  // Act
  const result = await handler({}, { awsRequestId: 'r-cb' });

  // Assert
  expect(result).toBeUndefined();
  expect(lines.map((l) => l.event)).toEqual(['email_failed', 'outcome_callback_failed']);
  expect(lines[1]).toMatchObject({ requestId: 'r-cb', err: { message: 'callback broke' } });
});
