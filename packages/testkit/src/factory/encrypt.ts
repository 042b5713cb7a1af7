import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  cacheClients,
  getClient,
  KMS,
  KmsKeyringNode,
} from '@aws-crypto/client-node';

/** Where the factory's KMS lives: a stand-in URL and the key ARN Cognito would be configured with. */
export interface FactoryKms {
  url: string;
  keyArn: string;
  /** Defaults to the key ARN's region. */
  region?: string;
}

export interface EncryptLikeCognitoInput {
  /** The exact bytes Cognito encrypts (for AdminCreateUser: the already HTML-escaped password). */
  plaintext: string;
  kms: FactoryKms;
  userPoolId: string;
}

/** Cognito's algorithm suite: AES-256-GCM, HKDF-SHA384, ECDSA P-384 signature, not key-committing. */
export const COGNITO_SUITE_ID = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384;

/* 0x0378 is not key-committing, so the Encryption SDK refuses to *encrypt* with it under any REQUIRE_ENCRYPT_*
 * policy ("Configuration conflict"). FORBID_ENCRYPT_ALLOW_DECRYPT is the one policy that produces what Cognito
 * produces; readers still decrypt it with REQUIRE_ENCRYPT_ALLOW_DECRYPT. */
const { encrypt } = buildClient({
  commitmentPolicy: CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT,
  maxEncryptedDataKeys: 1,
});

const providers = new Map<string, ReturnType<typeof getClient<KMS, ConstructorParameters<typeof KMS>[0]>>>();

/**
 * A keyring client provider for a KMS stand-in: explicit endpoint and dummy credentials, so nothing depends on
 * the caller's environment. Clients are cached per endpoint (they keep sockets alive).
 * @example new KmsKeyringNode({ generatorKeyId: kms.keyArn, clientProvider: standInClientProvider(kms.url) })
 */
export function standInClientProvider(url: string): (region: string) => KMS | false {
  let provider = providers.get(url);
  if (!provider) {
    provider = cacheClients(
      getClient(KMS, {
        endpoint: url,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      }),
    );
    providers.set(url, provider);
  }
  return provider;
}

/** The region part of a KMS key ARN (`arn:aws:kms:<region>:…`). */
export function regionOfKeyArn(keyArn: string): string {
  const region = keyArn.split(':')[3];
  if (!keyArn.startsWith('arn:') || !region) {
    throw new TypeError(`"${keyArn}" is not a KMS key ARN; the Encryption SDK keyring needs the full ARN`);
  }
  return region;
}

/**
 * Encrypts a secret exactly the way Cognito does for `request.code`: an AWS Encryption SDK message (suite
 * 0x0378) with one data key generated under `kms.keyArn` and encryption context `{ 'userpool-id': … }`,
 * returned as base64.
 * @example
 * const code = await encryptLikeCognito({ plaintext: '123456', kms, userPoolId: 'us-east-1_AbCdEf123' });
 */
export async function encryptLikeCognito({
  plaintext,
  kms,
  userPoolId,
}: EncryptLikeCognitoInput): Promise<string> {
  regionOfKeyArn(kms.keyArn);
  const keyring = new KmsKeyringNode({
    generatorKeyId: kms.keyArn,
    clientProvider: standInClientProvider(kms.url),
  });
  const { result } = await encrypt(keyring, plaintext, {
    suiteId: COGNITO_SUITE_ID,
    encryptionContext: { 'userpool-id': userPoolId },
  });
  return result.toString('base64');
}
