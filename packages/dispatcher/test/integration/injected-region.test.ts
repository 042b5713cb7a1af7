/**
 * An injected environment (`createHandler({ env })`, what the studio and tests use) wins over `process.env`
 * for the AWS clients' region too. Regression: Secrets Manager, DynamoDB (idempotency) and KMS fell back to
 * `process.env.AWS_REGION` behind an injected env (issue 15). A loopback server records the SigV4
 * credential scope of every request, which names the region the client signed for.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadFixture } from '@mailroom/testkit';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { createHandler } from '../../src/handler.js';
import { clearSecretsCache, loadSecrets } from '../../src/secrets.js';
import { AWS_TEST_ENV } from './helpers/invoke-bundle.js';

let server: Server;
let url: string;
const scopes: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    // Credential=<key>/<date>/<region>/<service>/aws4_request
    const scope = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(req.headers.authorization ?? '');
    if (scope) scopes.push(`${scope[1]}/${scope[2]}`);
    req.resume();
    res.writeHead(400, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-errortype': 'ValidationException',
    });
    res.end(JSON.stringify({ __type: 'ValidationException', message: 'recorded' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const [key, value] of Object.entries(AWS_TEST_ENV)) vi.stubEnv(key, value);
  vi.stubEnv('AWS_REGION', 'us-west-1');
});

afterEach(() => {
  scopes.length = 0;
  clearSecretsCache();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise((resolve) => server.close(resolve));
});

it('reads the provider secret in the injected region, not process.env’s', async () => {
  const env = {
    EMAIL_SECRETS_ARN: 'mailroom/providers',
    AWS_REGION: 'eu-west-2',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
  };

  await expect(loadSecrets(env)).rejects.toThrow('GetSecretValue failed');

  expect(scopes).toEqual(['eu-west-2/secretsmanager']);
});

it('falls back to us-east-1, not process.env’s region, when the injected env names none', async () => {
  await expect(
    loadSecrets({ EMAIL_SECRETS_ARN: 'mailroom/providers', AWS_ENDPOINT_URL_SECRETS_MANAGER: url }),
  ).rejects.toThrow();

  expect(scopes).toEqual(['us-east-1/secretsmanager']);
});

it.each([
  [{ AWS_REGION: 'eu-west-2' }, 'eu-west-2/dynamodb'],
  [{}, 'us-east-1/dynamodb'],
])('writes idempotency records in the injected region (%j → %s)', async (region, scope) => {
  const handler = createHandler({
    env: {
      EMAIL_PROVIDER: 'outbox',
      EMAIL_FROM: 'a@mailroom.test',
      OUTBOX_DIR: '/dev/null/never-written',
      ...region,
      IDEMPOTENCY_TABLE: 'mailroom-idempotency',
      AWS_ENDPOINT_URL_DYNAMODB: url,
      LOG_LEVEL: 'silent',
    },
  });
  // A takeover event carries no code: no KMS call, straight to the recipient and the idempotency record.
  const { event } = await loadFixture('AccountTakeOverNotification');

  await expect(handler(event, { getRemainingTimeInMillis: () => 10_000 })).rejects.toThrow();

  expect(scopes.length).toBeGreaterThan(0);
  expect(new Set(scopes)).toEqual(new Set([scope]));
});
