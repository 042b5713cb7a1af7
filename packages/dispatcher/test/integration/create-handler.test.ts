/**
 * `createHandler` in-process (what the studio and local tools use): the injected environment reaches the AWS
 * clients too, and logs go to the injected destination.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
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
});
