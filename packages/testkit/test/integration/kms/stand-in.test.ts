import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  KMSClient,
  type KMSServiceException,
} from '@aws-sdk/client-kms';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type KmsStandIn, startKmsStandIn } from '../../../src/kms/stand-in.js';

let kms: KmsStandIn;
let client: KMSClient;

/** The SDK's own error name for a failed call, or a marker when it unexpectedly succeeded. */
async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return (error as KMSServiceException).name;
  }
}

beforeAll(async () => {
  kms = await startKmsStandIn({ region: 'eu-west-1', accountId: '123456789012' });
  // The SDK's standard per-service override: what the dispatcher relies on in tests and local mode.
  vi.stubEnv('AWS_ENDPOINT_URL_KMS', kms.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  vi.stubEnv('AWS_REGION', kms.region);
  client = new KMSClient({ maxAttempts: 1 });
});

afterEach(() => {
  kms.fault(null);
});

afterAll(async () => {
  client.destroy();
  await kms.close();
  vi.unstubAllEnvs();
});

describe('KMS stand-in with @aws-sdk/client-kms through AWS_ENDPOINT_URL_KMS', () => {
  it('creates its first key in the requested region and account', () => {
    expect(kms.keyArn).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\/[0-9a-f-]{36}$/);
    expect(kms.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('generates a data key whose ciphertext decrypts to the same bytes without naming the key', async () => {
    const context = { 'userpool-id': 'eu-west-1_AbCdEf123' };

    const generated = await client.send(
      new GenerateDataKeyCommand({ KeyId: kms.keyArn, NumberOfBytes: 32, EncryptionContext: context }),
    );
    const decrypted = await client.send(
      new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: context }),
    );

    expect(generated.KeyId).toBe(kms.keyArn);
    expect(generated.Plaintext).toHaveLength(32);
    expect(decrypted.KeyId).toBe(kms.keyArn);
    expect(Buffer.from(decrypted.Plaintext ?? []).equals(Buffer.from(generated.Plaintext ?? []))).toBe(true);
  });

  it('encrypts and decrypts a payload under a key created later, addressed by bare key id', async () => {
    const arn = kms.createKey();
    const keyId = arn.split('/')[1];

    const encrypted = await client.send(
      new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('hello') }),
    );
    const decrypted = await client.send(
      new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, KeyId: arn }),
    );

    expect(encrypted.KeyId).toBe(arn);
    expect(Buffer.from(decrypted.Plaintext ?? []).toString()).toBe('hello');
  });

  it('fails a Decrypt under a different encryption context with InvalidCiphertextException', async () => {
    const generated = await client.send(
      new GenerateDataKeyCommand({
        KeyId: kms.keyArn,
        KeySpec: 'AES_256',
        EncryptionContext: { 'userpool-id': 'eu-west-1_PoolA' },
      }),
    );

    const name = await errorName(
      client.send(
        new DecryptCommand({
          CiphertextBlob: generated.CiphertextBlob,
          EncryptionContext: { 'userpool-id': 'eu-west-1_PoolB' },
        }),
      ),
    );

    expect(name).toBe('InvalidCiphertextException');
  });

  it('answers NotFoundException for an unknown key', async () => {
    const unknown = 'arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000';

    expect(await errorName(client.send(new DescribeKeyCommand({ KeyId: unknown })))).toBe(
      'NotFoundException',
    );
    expect(
      await errorName(client.send(new GenerateDataKeyCommand({ KeyId: unknown, NumberOfBytes: 32 }))),
    ).toBe('NotFoundException');
  });

  it('describes a key like KMS does', async () => {
    const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: kms.keyArn }));

    expect(KeyMetadata).toMatchObject({
      Arn: kms.keyArn,
      AWSAccountId: '123456789012',
      Enabled: true,
      KeyState: 'Enabled',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
    });
    expect(KeyMetadata?.CreationDate).toBeInstanceOf(Date);
  });

  it.each([
    'DisabledException',
    'AccessDeniedException',
    'ThrottlingException',
    'KMSInternalException',
    'NotFoundException',
  ] as const)('answers %s while that fault is set, then recovers', async (error) => {
    kms.fault({ error, times: 1 });

    const faulted = await errorName(client.send(new DescribeKeyCommand({ KeyId: kms.keyArn })));
    const after = await client.send(new DescribeKeyCommand({ KeyId: kms.keyArn }));

    expect(faulted).toBe(error);
    expect(after.KeyMetadata?.Arn).toBe(kms.keyArn);
  });

  it('keeps a fault without times until fault(null)', async () => {
    kms.fault({ error: 'AccessDeniedException' });

    const first = await errorName(client.send(new DescribeKeyCommand({ KeyId: kms.keyArn })));
    const second = await errorName(client.send(new DescribeKeyCommand({ KeyId: kms.keyArn })));
    kms.fault(null);
    const cleared = await client.send(new DescribeKeyCommand({ KeyId: kms.keyArn }));

    expect([first, second]).toEqual(['AccessDeniedException', 'AccessDeniedException']);
    expect(cleared.KeyMetadata?.Arn).toBe(kms.keyArn);
  });

  it('lets the SDK retry a ThrottlingException and records every attempt', async () => {
    const retrying = new KMSClient({ maxAttempts: 3 });
    const before = kms.calls.length;
    kms.fault({ error: 'ThrottlingException', times: 1 });

    const out = await retrying.send(new DescribeKeyCommand({ KeyId: kms.keyArn }));
    retrying.destroy();

    expect(out.KeyMetadata?.Arn).toBe(kms.keyArn);
    expect(kms.calls.slice(before).map((c) => c.target)).toEqual(['DescribeKey', 'DescribeKey']);
  });

  it('holds a request for the configured delay, so a caller can give up on it', async () => {
    kms.fault({ delayMs: 600_000, times: 1 });
    const before = kms.calls.length;
    const controller = new AbortController();

    const pending = errorName(
      client.send(new DescribeKeyCommand({ KeyId: kms.keyArn }), { abortSignal: controller.signal }),
    );
    await vi.waitFor(() => expect(kms.calls.length).toBe(before + 1));
    controller.abort();
    const after = await client.send(new DescribeKeyCommand({ KeyId: kms.keyArn }));

    expect(await pending).toBe('AbortError');
    expect(after.KeyMetadata?.Arn).toBe(kms.keyArn);
  });
});

describe('KMS stand-in aliases', () => {
  it('generates a data key under an alias and encrypts it again by key ARN, both answered with the key ARN', async () => {
    // What cognito-local's keyring does: GenerateDataKey with KMSKeyAlias, then Encrypt with KMSKeyId.
    const aliasArn = kms.createAlias('alias/cognito-local');

    const generated = await client.send(
      new GenerateDataKeyCommand({ KeyId: 'alias/cognito-local', NumberOfBytes: 32 }),
    );
    const again = await client.send(new EncryptCommand({ KeyId: aliasArn, Plaintext: generated.Plaintext }));
    const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: again.CiphertextBlob }));

    expect(generated.KeyId).toBe(kms.keyArn);
    expect(again.KeyId).toBe(kms.keyArn);
    expect(Buffer.from(decrypted.Plaintext ?? []).equals(Buffer.from(generated.Plaintext ?? []))).toBe(true);
  });

  it('answers NotFoundException for an alias nobody created', async () => {
    expect(
      await errorName(client.send(new GenerateDataKeyCommand({ KeyId: 'alias/none', NumberOfBytes: 32 }))),
    ).toBe('NotFoundException');
  });
});

describe('KMS stand-in wire protocol checks', () => {
  const headers = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': 'TrentService.DescribeKey',
    authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/kms/aws4_request, Signature=x',
  };

  it('answers a hand-made JSON 1.1 request with the JSON 1.1 content type', async () => {
    const res = await fetch(kms.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ KeyId: kms.keyArn }),
    });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(((await res.json()) as { KeyMetadata: { Arn: string } }).KeyMetadata.Arn).toBe(kms.keyArn);
  });

  it('refuses a request without an Authorization header', async () => {
    const { authorization: _omitted, ...unsigned } = headers;

    const res = await fetch(kms.url, { method: 'POST', headers: unsigned, body: '{}' });

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });

  it('refuses an unknown X-Amz-Target and a wrong content type', async () => {
    const unknown = await fetch(kms.url, {
      method: 'POST',
      headers: { ...headers, 'x-amz-target': 'TrentService.ScheduleKeyDeletion' },
      body: '{}',
    });
    const wrongType = await fetch(kms.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{}',
    });

    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ __type: 'SerializationException' });
  });
});

describe('KMS stand-in fault switch', () => {
  it('refuses a fault it could not honour, naming the fix', () => {
    expect(() => kms.fault({ error: 'DisabledException', times: 0 })).toThrow(
      'fault times must be a positive integer (omit it to fail until fault(null)), got 0',
    );
    expect(() => kms.fault({ delayMs: -1 })).toThrow('fault delayMs must be a non-negative number, got -1');
  });

  it('takes the shared fail() spec as the other stand-ins do, recording what it rejected', async () => {
    const rejectedBefore = kms.rejected.length;
    const countBefore = kms.requestCount;
    kms.fail({ status: 400, body: { __type: 'DisabledException' }, times: 1 });
    const named = await errorName(client.send(new DescribeKeyCommand({ KeyId: kms.keyArn })));
    kms.fail({ status: 500, times: 1 });
    const once = new KMSClient({ maxAttempts: 1 });
    const internal = await errorName(once.send(new DescribeKeyCommand({ KeyId: kms.keyArn })));
    once.destroy();
    const after = await client.send(new DescribeKeyCommand({ KeyId: kms.keyArn }));

    expect([named, internal]).toEqual(['DisabledException', 'KMSInternalException']);
    expect(after.KeyMetadata?.Arn).toBe(kms.keyArn);
    expect(kms.requestCount - countBefore).toBe(3);
    expect(kms.rejected.slice(rejectedBefore)).toEqual([
      { status: 400, reason: 'fault: injected 400' },
      { status: 500, reason: 'fault: injected 500' },
    ]);
  });

  it('names the key in an injected error, as KMS does', async () => {
    kms.fault({ error: 'DisabledException', times: 1 });

    const failure = await client.send(new DescribeKeyCommand({ KeyId: kms.keyArn })).catch((e: Error) => e);

    expect((failure as Error).message).toBe(`${kms.keyArn} is disabled.`);
  });
});
