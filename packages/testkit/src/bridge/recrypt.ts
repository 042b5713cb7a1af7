/**
 * The ciphertext step: cognito-local encrypts `request.code` with its own Encryption SDK settings (committing
 * suite 0x0578, message format 2, one data key under `KMSKeyAlias` and another under `KMSKeyId`, no
 * encryption context of ours). The dispatcher accepts only what Cognito sends (suite 0x0378, one data key,
 * `userpool-id` context), and must keep doing so. So the bridge decrypts through the KMS stand-in and
 * encrypts the secret again exactly as Cognito would, HTML-escaping an AdminCreateUser temporary password
 * first, as Cognito does.
 */
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import { triggerInfo } from '@mailroom/shared-types';
import { encryptLikeCognito, standInClientProvider } from '../factory/encrypt.js';
import { escapeLikeCognito } from '../factory/make-event.js';
import { BridgeError } from './errors.js';

/** The KMS stand-in cognito-local encrypts through, and the key (ARN) behind its alias and id. */
export interface BridgeKms {
  url: string;
  keyArn: string;
}

/** What cognito-local's message looked like (for the bridge's record; never the plaintext). */
export interface CognitoLocalMessageInfo {
  suiteId: number;
  messageFormat: number;
  encryptedDataKeys: number;
  encryptionContextKeys: string[];
}

/* cognito-local encrypts with its SDK's default policy (REQUIRE_ENCRYPT_ALLOW_DECRYPT), which always writes a
 * committing suite: so we can demand one on decrypt. Two data keys (alias, then id) are what it writes. */
const { decrypt } = buildClient({
  commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
  maxEncryptedDataKeys: 2,
});

const keyrings = new Map<string, KmsKeyringNode>();

function keyringFor(kms: BridgeKms): KmsKeyringNode {
  const id = `${kms.url} ${kms.keyArn}`;
  let keyring = keyrings.get(id);
  if (!keyring) {
    keyring = new KmsKeyringNode({ keyIds: [kms.keyArn], clientProvider: standInClientProvider(kms.url) });
    keyrings.set(id, keyring);
  }
  return keyring;
}

/**
 * Decrypts a `request.code` cognito-local produced.
 * @example const { plaintext } = await decryptCognitoLocalCode(event.request.code, { url: kms.url, keyArn: kms.keyArn });
 */
export async function decryptCognitoLocalCode(
  code: string,
  kms: BridgeKms,
): Promise<{ plaintext: string; info: CognitoLocalMessageInfo }> {
  try {
    const { plaintext, messageHeader } = await decrypt(keyringFor(kms), Buffer.from(code, 'base64'));
    return {
      plaintext: plaintext.toString('utf8'),
      info: {
        suiteId: messageHeader.suiteId,
        messageFormat: messageHeader.version,
        encryptedDataKeys: messageHeader.encryptedDataKeys.length,
        encryptionContextKeys: Object.keys(messageHeader.encryptionContext).sort(),
      },
    };
  } catch (error) {
    throw new BridgeError(
      'DECRYPT_FAILED',
      `could not decrypt cognito-local's code through the KMS stand-in at ${kms.url}: ${(error as Error).message}`,
      {
        fix:
          "point cognito-local's KMSConfig (endpoint, KMSKeyAlias, KMSKeyId) at the same KMS stand-in and key the " +
          'bridge was given',
        retryable: false,
        cause: error,
      },
    );
  }
}

/**
 * Encrypts a secret the way Cognito does for `triggerSource`: AdminCreateUser's temporary password is
 * HTML-escaped first (`& < > " '`), every other code is encrypted as it is.
 * @example const code = await encryptForTrigger({ plaintext: 'a<b', triggerSource: 'CustomEmailSender_AdminCreateUser', userPoolId, kms });
 */
export async function encryptForTrigger(input: {
  plaintext: string;
  triggerSource: string;
  userPoolId: string;
  kms: BridgeKms;
}): Promise<string> {
  const plaintext =
    triggerInfo(input.triggerSource)?.codeKind === 'temporaryPassword'
      ? escapeLikeCognito(input.plaintext)
      : input.plaintext;
  try {
    return await encryptLikeCognito({ plaintext, kms: input.kms, userPoolId: input.userPoolId });
  } catch (error) {
    throw new BridgeError(
      'ENCRYPT_FAILED',
      `could not encrypt like Cognito through ${input.kms.url}: ${(error as Error).message}`,
      {
        fix: 'check that the KMS stand-in is running and holds the bridge key',
        retryable: true,
        cause: error,
      },
    );
  }
}
