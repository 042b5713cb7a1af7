/**
 * KMS faults against the deployable bundle with the SDK's default retry settings (as deployed): transient
 * faults throw so Lambda's asynchronous retry can help, key/policy faults log one loud error line naming the
 * key and do not throw (no retry storm). Complements scenarios.test.ts, which pins the single-attempt cases.
 */
import type { KmsStandIn, StandIn } from '@mailroom/testkit';
import { makeEvent, startKmsStandIn, startSendGridStandIn } from '@mailroom/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, FROM, leaks, REGION } from './helpers/env.js';
import { invokeBundle, outcomes } from './helpers/invoke-bundle.js';

let kms: KmsStandIn;
let sendgrid: StandIn;

function env(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL_KMS: kms.url,
    KMS_KEY_ARN: kms.keyArn,
    EMAIL_PROVIDER: 'sendgrid',
    SENDGRID_API_KEY: API_KEY,
    SENDGRID_API_URL: sendgrid.url,
    EMAIL_FROM: FROM,
    ...overrides,
  };
}

/** Decrypt calls the bundle made (the factory only calls GenerateDataKey). */
function decryptCalls(): number {
  return kms.calls.filter((c) => c.target === 'Decrypt').length;
}

beforeAll(async () => {
  [kms, sendgrid] = await Promise.all([
    startKmsStandIn({ region: REGION }),
    startSendGridStandIn({ apiKey: API_KEY }),
  ]);
});

afterEach(() => {
  kms.fault(null);
  kms.calls.length = 0;
  sendgrid.accepted.length = 0;
});

afterAll(async () => {
  await Promise.all([kms?.close(), sendgrid?.close()]);
});

describe('transient KMS faults', () => {
  it('delivers when one throttled Decrypt is retried by the SDK itself', async () => {
    const made = await makeEvent('SignUp', { kms, email: 'ana@example.com' });
    kms.fault({ error: 'ThrottlingException', times: 1 });

    const run = await invokeBundle(env(), [made.event]);

    expect(run.results).toEqual([{ threw: false }]);
    expect(decryptCalls()).toBe(2);
    expect(sendgrid.accepted).toHaveLength(1);
    expect(sendgrid.accepted[0]?.html).toContain(made.plaintext);
  });

  it.each([
    ['ThrottlingException', { error: 'ThrottlingException' }],
    ['KMSInternalException (HTTP 500)', { error: 'KMSInternalException' }],
  ] as const)(
    'throws KMS_TRANSIENT on persistent %s after a bounded number of attempts',
    async (_name, fault) => {
      // Arrange
      const made = await makeEvent('ForgotPassword', { kms, email: 'ana@example.com' });
      kms.fault(fault);

      // Act
      const run = await invokeBundle(env(), [made.event]);

      // Assert: the SDK's standard mode makes 3 attempts, then the handler throws for Lambda's retry
      expect(run.results).toEqual([
        { threw: true, error: expect.objectContaining({ code: 'KMS_TRANSIENT', retryable: true }) },
      ]);
      expect(decryptCalls()).toBe(3);
      expect(sendgrid.accepted).toEqual([]);
      expect(outcomes(run)).toEqual([
        expect.objectContaining({
          level: 'error',
          event: 'email_failed',
          code: 'KMS_TRANSIENT',
          retryable: true,
        }),
      ]);
      expect(leaks(run.output, [made.plaintext, API_KEY])).toEqual([]);
    },
  );

  it('delivers when the first Decrypt hangs past the request timeout and the SDK retries', async () => {
    const made = await makeEvent('Authentication', { kms, email: 'ana@example.com' });
    // Far beyond the 3 s request timeout, so the outcome does not depend on this machine's speed.
    kms.fault({ delayMs: 60_000, times: 1 });

    const run = await invokeBundle(env(), [made.event]);

    expect(run.results).toEqual([{ threw: false }]);
    expect(decryptCalls()).toBe(2);
    expect(outcomes(run)).toEqual([expect.objectContaining({ event: 'email_sent' })]);
  });
});

describe('KMS configuration faults', () => {
  it.each(['AccessDeniedException', 'DisabledException', 'NotFoundException'] as const)(
    'logs %s once at error level naming the key, calls KMS once per event and does not throw',
    async (error) => {
      // Arrange
      const made = await makeEvent('AdminCreateUser', { kms, email: 'ana@example.com' });
      kms.fault({ error });

      // Act: two events, so a retry storm inside one warm process would show too
      const run = await invokeBundle(env(), [made.event, made.event]);

      // Assert
      expect(run.results).toEqual([{ threw: false }, { threw: false }]);
      expect(decryptCalls()).toBe(2);
      const lines = outcomes(run);
      expect(lines).toHaveLength(2);
      for (const line of lines) {
        expect(line).toMatchObject({
          level: 'error',
          event: 'email_failed',
          code: 'KMS_CONFIG',
          retryable: false,
        });
        expect(String(line.reason)).toContain(kms.keyArn);
        expect(String(line.fix)).toContain(kms.keyArn);
      }
      expect(sendgrid.accepted).toEqual([]);
      expect(leaks(run.output, [made.plaintext, API_KEY])).toEqual([]);
    },
  );

  it('logs a ciphertext under a key that is not in KMS_KEY_ARN without calling KMS or throwing', async () => {
    // Arrange: Cognito encrypts with the pool's key; the function is configured with another one
    const made = await makeEvent('ResendCode', { kms, email: 'ana@example.com' });
    const otherKey = kms.createKey();

    // Act
    const run = await invokeBundle(env({ KMS_KEY_ARN: otherKey }), [made.event]);

    // Assert
    expect(run.results).toEqual([{ threw: false }]);
    expect(decryptCalls()).toBe(0);
    expect(outcomes(run)).toEqual([
      expect.objectContaining({
        level: 'error',
        event: 'email_failed',
        code: 'DECRYPT_FAILED',
        retryable: false,
      }),
    ]);
    // Both sides of the mismatch, so ops see it from the log line alone.
    expect(String(outcomes(run)[0]?.reason)).toContain(
      `wrapped by ${kms.keyArn}, which is not in KMS_KEY_ARN`,
    );
    expect(String(outcomes(run)[0]?.fix)).toContain(otherKey);
    expect(String(outcomes(run)[0]?.fix)).toContain(`the ciphertext names ${kms.keyArn}`);
    expect(sendgrid.accepted).toEqual([]);
  });

  it('decrypts during key rotation when KMS_KEY_ARN lists the new and the old key', async () => {
    const made = await makeEvent('VerifyUserAttribute', { kms, email: 'ana@example.com' });
    const newKey = kms.createKey();

    const run = await invokeBundle(env({ KMS_KEY_ARN: `${newKey},${kms.keyArn}` }), [made.event]);

    expect(outcomes(run)).toEqual([expect.objectContaining({ event: 'email_sent' })]);
    expect(sendgrid.accepted).toHaveLength(1);
  });
});
