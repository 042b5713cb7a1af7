/**
 * The decryptor's keyring, `CognitoKmsKeyring` (decrypt.ts), is composed from the Encryption SDK's public
 * exports instead of importing `KmsKeyringNode` through a private build path. These tests hold it to
 * `KmsKeyringNode`'s behaviour against the KMS stand-in: what one decrypts the other decrypts, what one
 * refuses the other refuses.
 */
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import {
  encryptLikeCognito,
  type KmsStandIn,
  standInClientProvider,
  startKmsStandIn,
} from '@mailroom/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CognitoKmsKeyring, createDecryptor } from '../../src/decrypt.js';
import { REGION } from './helpers/env.js';
import { AWS_TEST_ENV } from './helpers/invoke-bundle.js';

let kms: KmsStandIn;

beforeAll(async () => {
  kms = await startKmsStandIn({ region: REGION });
  for (const [key, value] of Object.entries(AWS_TEST_ENV)) vi.stubEnv(key, value);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await kms?.close();
});

const { decrypt } = buildClient({
  commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT,
  maxEncryptedDataKeys: 1,
});

describe('CognitoKmsKeyring', () => {
  it('decrypts a Cognito ciphertext to what KmsKeyringNode decrypts it to', async () => {
    // Arrange
    const code = await encryptLikeCognito({ plaintext: '551204', kms, userPoolId: 'eu-west-1_Keyring' });
    const clientProvider = standInClientProvider(kms.url);

    // Act
    const ours = await createDecryptor({ keyArns: [kms.keyArn], endpoint: kms.url }).decrypt(code);
    const sdk = await decrypt(new KmsKeyringNode({ keyIds: [kms.keyArn], clientProvider }), code, {
      encoding: 'base64',
    });
    const direct = await decrypt(new CognitoKmsKeyring({ keyIds: [kms.keyArn], clientProvider }), code, {
      encoding: 'base64',
    });

    // Assert
    expect(ours).toEqual({ plaintext: '551204', userPoolId: 'eu-west-1_Keyring' });
    expect(sdk.plaintext.toString('utf8')).toBe('551204');
    expect(direct.plaintext.toString('utf8')).toBe('551204');
  });

  it('refuses, like KmsKeyringNode, a ciphertext whose data key is wrapped by a key it was not given', async () => {
    // Arrange
    const code = await encryptLikeCognito({ plaintext: '551204', kms, userPoolId: 'eu-west-1_Keyring' });
    const other = kms.createKey();
    const clientProvider = standInClientProvider(kms.url);

    // Act
    const sdk = await decrypt(new KmsKeyringNode({ keyIds: [other], clientProvider }), code, {
      encoding: 'base64',
    }).catch((e: unknown) => e);
    const ours = await decrypt(new CognitoKmsKeyring({ keyIds: [other], clientProvider }), code, {
      encoding: 'base64',
    }).catch((e: unknown) => e);

    // Assert
    expect(sdk).toBeInstanceOf(Error);
    expect(ours).toBeInstanceOf(Error);
    expect((ours as Error).message).toBe((sdk as Error).message);
  });

  it('is frozen like the SDK keyrings, with the key ids it was given', () => {
    const keyring = new CognitoKmsKeyring({ keyIds: [kms.keyArn], clientProvider: () => false });

    expect(Object.isFrozen(CognitoKmsKeyring.prototype)).toBe(Object.isFrozen(KmsKeyringNode.prototype));
    expect(keyring.keyIds).toEqual([kms.keyArn]);
    expect(keyring.isDiscovery).toBe(false);
  });
});
