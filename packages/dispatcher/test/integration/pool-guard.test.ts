/**
 * The checks that run on the ciphertext's public message header before any KMS call, through the deployable
 * bundle: the `userpool-id` encryption context against the event (and USER_POOL_ID), and the algorithm suite
 * against Cognito's 0x0378. The KMS stand-in records every request, so "no KMS call" is observed, not assumed.
 */
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  KmsKeyringNode,
} from '@aws-crypto/client-node';
import type { KmsStandIn, StandIn } from '@mailroom/testkit';
import { makeEvent, standInClientProvider, startKmsStandIn, startSendGridStandIn } from '@mailroom/testkit';
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

/** Requests the bundle sent to KMS (the event factory's GenerateDataKey calls are cleared before each run). */
function kmsRequests(): string[] {
  return kms.calls.map((c) => c.target);
}

beforeAll(async () => {
  [kms, sendgrid] = await Promise.all([
    startKmsStandIn({ region: REGION }),
    startSendGridStandIn({ apiKey: API_KEY }),
  ]);
});

afterEach(() => {
  sendgrid.accepted.length = 0;
  kms.calls.length = 0;
});

afterAll(async () => {
  await Promise.all([kms?.close(), sendgrid?.close()]);
});

describe('pool guard (before KMS)', () => {
  // Regression: the context was compared only after KMS had decrypted, so a foreign pool's ciphertext cost a
  // KMS call and, in AWS (where the role's Decrypt is pool-scoped), surfaced as KMS_CONFIG, not a mismatch.
  it("refuses another pool's ciphertext replayed in this pool's event with no KMS request", async () => {
    // Arrange: encrypted for pool A, replayed in an event claiming pool B
    const made = await makeEvent('ForgotPassword', {
      kms,
      userPoolId: `${REGION}_PoolA`,
      email: 'ana@example.com',
    });
    const replayed = { ...made.event, userPoolId: `${REGION}_PoolB` };
    kms.calls.length = 0;

    // Act
    const run = await invokeBundle(env(), [replayed]);

    // Assert
    expect(run.results).toEqual([{ threw: false }]);
    expect(kmsRequests()).toEqual([]);
    expect(sendgrid.accepted).toEqual([]);
    expect(run.logs.find((l) => l.event === 'security_context_mismatch')).toMatchObject({
      level: 'error',
      eventUserPoolId: `${REGION}_PoolB`,
      ciphertextUserPoolId: `${REGION}_PoolA`,
    });
    expect(outcomes(run)).toEqual([
      expect.objectContaining({ event: 'email_failed', code: 'CONTEXT_MISMATCH' }),
    ]);
    expect(leaks(run.output, [made.plaintext])).toEqual([]);
  });

  it('refuses a ciphertext of another pool than USER_POOL_ID even when the event agrees with it', async () => {
    // Arrange: event and ciphertext both say PoolA, the function serves PoolMine
    const made = await makeEvent('SignUp', { kms, userPoolId: `${REGION}_PoolA`, email: 'ana@example.com' });
    const relabelled = { ...made.event, userPoolId: `${REGION}_PoolMine` };
    kms.calls.length = 0;

    // Act
    const run = await invokeBundle(env({ USER_POOL_ID: `${REGION}_PoolMine` }), [relabelled]);

    // Assert
    expect(kmsRequests()).toEqual([]);
    expect(run.logs.find((l) => l.event === 'security_context_mismatch')).toMatchObject({
      expected: `${REGION}_PoolMine`,
      ciphertextUserPoolId: `${REGION}_PoolA`,
    });
    expect(outcomes(run)).toEqual([expect.objectContaining({ code: 'CONTEXT_MISMATCH' })]);
  });

  it('still decrypts and delivers when the pools match (one KMS Decrypt)', async () => {
    const made = await makeEvent('SignUp', { kms, userPoolId: `${REGION}_PoolA`, email: 'ana@example.com' });
    kms.calls.length = 0;

    const run = await invokeBundle(env({ USER_POOL_ID: `${REGION}_PoolA` }), [made.event]);

    expect(outcomes(run)).toEqual([expect.objectContaining({ event: 'email_sent' })]);
    expect(kmsRequests()).toEqual(['Decrypt']);
    expect(sendgrid.accepted[0]?.html).toContain(made.plaintext);
  });
});

describe('algorithm suite pin', () => {
  /** A message like Cognito's (one KMS data key, this pool's context) but under another suite. */
  async function encryptWithSuite(suiteId: AlgorithmSuiteIdentifier, userPoolId: string): Promise<string> {
    const { encrypt } = buildClient({
      commitmentPolicy: CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT,
      maxEncryptedDataKeys: 1,
    });
    const keyring = new KmsKeyringNode({
      generatorKeyId: kms.keyArn,
      clientProvider: standInClientProvider(kms.url),
    });
    const { result } = await encrypt(keyring, '918273', {
      suiteId,
      encryptionContext: { 'userpool-id': userPoolId },
    });
    return result.toString('base64');
  }

  it.each([
    ['0x0178 (unsigned)', AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA256],
    ['0x0014 (no key derivation)', AlgorithmSuiteIdentifier.ALG_AES128_GCM_IV12_TAG16],
  ])('refuses suite %s with its own code before any KMS request', async (_label, suiteId) => {
    // Arrange
    const made = await makeEvent('SignUp', { kms, userPoolId: `${REGION}_PoolA`, email: 'ana@example.com' });
    const code = await encryptWithSuite(suiteId, `${REGION}_PoolA`);
    const event = { ...made.event, request: { ...made.event.request, code } };
    kms.calls.length = 0;

    // Act
    const run = await invokeBundle(env(), [event]);

    // Assert
    expect(run.results).toEqual([{ threw: false }]);
    expect(kmsRequests()).toEqual([]);
    expect(sendgrid.accepted).toEqual([]);
    const [outcome] = outcomes(run);
    expect(outcome).toMatchObject({ event: 'email_failed', code: 'UNSUPPORTED_SUITE', retryable: false });
    expect(String(outcome?.reason)).toContain(`0x${suiteId.toString(16).padStart(4, '0')}`);
    expect(String(outcome?.fix)).toContain('0x0378');
  });
});
