import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  getClient,
  KMS,
  KmsKeyringNode,
} from '@aws-crypto/client-node';
import {
  CLIENT_ID_NOT_APPLICABLE,
  CUSTOM_EMAIL_SENDER_REQUEST_TYPE,
  parseCustomEmailSenderEvent,
  TRIGGERS,
} from '@mailroom/shared-types';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { encryptLikeCognito } from '../../../src/factory/encrypt.js';
import { escapeLikeCognito, makeEvent } from '../../../src/factory/make-event.js';
import { type KmsStandIn, startKmsStandIn } from '../../../src/kms/stand-in.js';

const CODE_TRIGGERS = TRIGGERS.filter((t) => t.codeKind !== 'none');
const SUITE_0378 = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384;

let kms: KmsStandIn;

/* What the dispatcher must use for Cognito's messages: 0x0378 is not key-committing, so decryption has to
 * allow non-committed messages, and Cognito writes exactly one data key. */
const cognitoReader = buildClient({
  commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT,
  maxEncryptedDataKeys: 1,
});

function keyringFor(keyArn: string): KmsKeyringNode {
  // Reaches the stand-in through AWS_ENDPOINT_URL_KMS (stubbed below), as the deployed dispatcher would.
  return new KmsKeyringNode({ keyIds: [keyArn] });
}

async function errorMessage(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

beforeAll(async () => {
  kms = await startKmsStandIn();
  vi.stubEnv('AWS_ENDPOINT_URL_KMS', kms.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  vi.stubEnv('AWS_REGION', kms.region);
});

afterEach(() => {
  kms.fault(null);
});

afterAll(async () => {
  await kms.close();
  vi.unstubAllEnvs();
});

describe('makeEvent ciphertexts', () => {
  it.each(CODE_TRIGGERS.map((t) => [t.name, t.codeKind] as const))(
    'encrypts the %s secret like Cognito: suite 0x0378, userpool-id context, one KMS data key',
    async (name, codeKind) => {
      const { event, plaintext } = await makeEvent(name, { kms });

      const { plaintext: decrypted, messageHeader } = await cognitoReader.decrypt(
        keyringFor(kms.keyArn),
        Buffer.from(event.request.code ?? '', 'base64'),
      );

      expect(messageHeader.suiteId).toBe(0x0378);
      expect(messageHeader.encryptionContext['userpool-id']).toBe(event.userPoolId);
      expect(messageHeader.encryptedDataKeys).toHaveLength(1);
      expect(messageHeader.encryptedDataKeys[0]?.providerInfo).toBe(kms.keyArn);
      const expected = codeKind === 'temporaryPassword' ? escapeLikeCognito(plaintext ?? '') : plaintext;
      expect(decrypted.toString('utf8')).toBe(expected);
    },
  );

  it.each(CODE_TRIGGERS.map((t) => t.name))(
    'produces a %s message the default commitment policy refuses to decrypt',
    async (name) => {
      const { event } = await makeEvent(name, { kms });
      // Regression guard: the SDK default (REQUIRE_ENCRYPT_REQUIRE_DECRYPT) rejects every Cognito message.
      // If this ever passes, the factory stopped producing Cognito's suite; do not "simplify" the reader.
      const defaultReader = buildClient();

      const message = await errorMessage(
        defaultReader.decrypt(keyringFor(kms.keyArn), Buffer.from(event.request.code ?? '', 'base64')),
      );

      expect(message).toContain(
        'CommitmentPolicy REQUIRE_ENCRYPT_REQUIRE_DECRYPT requiring only committed messages',
      );
    },
  );

  it('reaches the stand-in through an explicit endpoint as well (getClient(KMS, { endpoint }))', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_KMS', 'http://127.0.0.1:9');
    try {
      const code = await encryptLikeCognito({ plaintext: '123456', kms, userPoolId: 'us-east-1_AbCdEf123' });
      const keyring = new KmsKeyringNode({
        keyIds: [kms.keyArn],
        clientProvider: getClient(KMS, {
          endpoint: kms.url,
          credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        }),
      });

      const { plaintext } = await cognitoReader.decrypt(keyring, Buffer.from(code, 'base64'));

      expect(plaintext.toString()).toBe('123456');
    } finally {
      vi.stubEnv('AWS_ENDPOINT_URL_KMS', kms.url);
    }
  });

  it('cannot be produced with a REQUIRE_ENCRYPT_* policy, which is why the factory encrypts with FORBID_ENCRYPT', async () => {
    const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);

    const message = await errorMessage(encrypt(keyringFor(kms.keyArn), '123456', { suiteId: SUITE_0378 }));

    expect(message).toContain('Cannot encrypt due to CommitmentPolicy REQUIRE_ENCRYPT_ALLOW_DECRYPT');
  });

  it('binds the data key to the pool: a KMS Decrypt under another userpool-id fails', async () => {
    const { event } = await makeEvent('ForgotPassword', { kms, userPoolId: 'us-east-1_PoolAaaaa' });
    const { messageHeader } = await cognitoReader.decrypt(
      keyringFor(kms.keyArn),
      Buffer.from(event.request.code ?? '', 'base64'),
    );
    const kmsClient = new KMS({});

    const message = await errorMessage(
      kmsClient.decrypt({
        KeyId: kms.keyArn,
        CiphertextBlob: messageHeader.encryptedDataKeys[0]?.encryptedDataKey,
        EncryptionContext: { ...messageHeader.encryptionContext, 'userpool-id': 'us-east-1_PoolBbbbb' },
      }),
    );
    kmsClient.destroy();

    expect(message).toMatch(/^InvalidCiphertextException/);
  });

  it('surfaces a KMS fault while encrypting and works again once it is cleared', async () => {
    kms.fault({ error: 'DisabledException', times: 1 });

    const failed = await errorMessage(makeEvent('SignUp', { kms }));
    const { plaintext } = await makeEvent('SignUp', { kms });

    expect(failed).toMatch(/^DisabledException/);
    expect(plaintext).toMatch(/^\d{6}$/);
  });

  it('surfaces AccessDeniedException to a reader decrypting during the fault', async () => {
    const { event } = await makeEvent('Authentication', { kms });
    kms.fault({ error: 'AccessDeniedException' });

    const message = await errorMessage(
      cognitoReader.decrypt(keyringFor(kms.keyArn), Buffer.from(event.request.code ?? '', 'base64')),
    );

    expect(message).toContain('AccessDeniedException');
    expect(kms.calls.at(-1)?.target).toBe('Decrypt');
  });
});

describe('makeEvent event shape', () => {
  it.each(TRIGGERS.map((t) => t.name))('builds a %s event the shared schema accepts', async (name) => {
    const { event } = await makeEvent(name, { kms });

    expect(parseCustomEmailSenderEvent(event)).toEqual(event);
    expect(event).toMatchObject({ version: '1', region: 'us-east-1', response: {} });
    expect(event.request.type).toBe(CUSTOM_EMAIL_SENDER_REQUEST_TYPE);
    expect(event.userPoolId).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    expect(event.userName).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.callerContext.awsSdkVersion).toEqual(expect.any(String));
  });

  it('HTML-escapes the AdminCreateUser temporary password before encrypting and returns it unescaped', async () => {
    const temporaryPassword = `Pa<ss>&"w'rd1`;

    const { event, plaintext } = await makeEvent('AdminCreateUser', { kms, temporaryPassword });
    const { plaintext: decrypted } = await cognitoReader.decrypt(
      keyringFor(kms.keyArn),
      Buffer.from(event.request.code ?? '', 'base64'),
    );

    expect(plaintext).toBe(temporaryPassword);
    expect(decrypted.toString()).toBe('Pa&lt;ss&gt;&amp;&quot;w&#39;rd1');
  });

  it('gives AdminCreateUser CLIENT_ID_NOT_APPLICABLE and no clientMetadata, whatever clientId is passed', async () => {
    const { event } = await makeEvent('AdminCreateUser', { kms, clientId: 'abc123' });

    expect(event.callerContext.clientId).toBe(CLIENT_ID_NOT_APPLICABLE);
    expect('clientMetadata' in event.request).toBe(false);
    expect(event.request.userAttributes['cognito:user_status']).toBe('FORCE_CHANGE_PASSWORD');
  });

  it('builds AccountTakeOverNotification with code null, clientMetadata null and the threat attributes', async () => {
    const callsBefore = kms.calls.length;

    const { event, plaintext } = await makeEvent('AccountTakeOverNotification', {
      kms,
      userName: 'f3b1c2d4-0000-4000-8000-000000000001',
      email: 'jane@example.com',
    });

    expect(plaintext).toBeNull();
    expect(event.request.code).toBeNull();
    expect(event.request.clientMetadata).toBeNull();
    expect(Object.keys(event.request.userAttributes).sort()).toEqual(
      [
        'ACCOUNT_TAKE_OVER_ACTION',
        'CITY',
        'COUNTRY',
        'DEVICE_NAME',
        'EVENT_ID',
        'FEEDBACK_TOKEN',
        'IP_ADDRESS',
        'LOGIN_TIME',
        'ONE_CLICK_LINK_INVALID',
        'ONE_CLICK_LINK_VALID',
        'USER_NAME',
        'email',
      ].sort(),
    );
    expect(event.request.userAttributes.USER_NAME).toBe('f3b1c2d4-0000-4000-8000-000000000001');
    expect(event.request.userAttributes.ONE_CLICK_LINK_VALID).toContain(
      event.request.userAttributes.EVENT_ID,
    );
    expect(kms.calls.length).toBe(callsBefore);
  });

  it('leaves the email attribute out when email is null', async () => {
    const { event } = await makeEvent('AccountTakeOverNotification', { kms, email: null });

    expect(event.request.userAttributes).not.toHaveProperty('email');
    expect(event.request.userAttributes.USER_NAME).toBe(event.userName);
  });

  it('sends clientMetadata on SignUp, ForgotPassword and Authentication only (null by default)', async () => {
    const signUp = await makeEvent('SignUp', { kms, clientMetadata: { brand: 'acme' } });
    const forgot = await makeEvent('ForgotPassword', { kms });
    const resend = await makeEvent('ResendCode', { kms });

    expect(signUp.event.request.clientMetadata).toEqual({ brand: 'acme' });
    expect(forgot.event.request.clientMetadata).toBeNull();
    expect('clientMetadata' in resend.event.request).toBe(false);
    await expect(makeEvent('ResendCode', { kms, clientMetadata: { brand: 'acme' } })).rejects.toThrow(
      'Cognito sends clientMetadata only with SignUp, ForgotPassword and Authentication, not ResendCode',
    );
  });

  it('uses the given identity and merges extra attributes over the defaults', async () => {
    const { event, plaintext } = await makeEvent('CustomEmailSender_VerifyUserAttribute', {
      kms,
      userPoolId: 'us-east-1_AbCdEf123',
      userName: 'jane',
      email: 'jane@example.com',
      code: '000123',
      clientId: 'client-1',
      userAttributes: { locale: 'de', email_verified: 'true' },
    });

    expect(plaintext).toBe('000123');
    expect(event).toMatchObject({
      triggerSource: 'CustomEmailSender_VerifyUserAttribute',
      userPoolId: 'us-east-1_AbCdEf123',
      userName: 'jane',
      callerContext: { clientId: 'client-1' },
      request: { userAttributes: { email: 'jane@example.com', locale: 'de', email_verified: 'true' } },
    });
  });

  it('refuses an unknown trigger with a hint', async () => {
    await expect(makeEvent('SignOut' as never, { kms })).rejects.toThrow(
      'unknown trigger "SignOut"; use a name like SignUp or a source like CustomEmailSender_SignUp',
    );
  });
});
