/**
 * BASELINE "floor" — the least any custom email sender must do: decrypt Cognito's code. Nothing else.
 *
 * What it represents: our physical limit. It imports only the decrypt path of the AWS Encryption SDK
 * (`@aws-crypto/decrypt-node` + the `KmsKeyringNode` module of `@aws-crypto/kms-keyring-node`, imported
 * from its own file because the package index also loads the hierarchical keyring, whose branch key store
 * requires `@aws-sdk/client-dynamodb`; not `client-node`, which also drags in encrypt and the caches) and decrypts one message per invocation with
 * the settings Cognito's suite 0x0378 requires. It renders nothing and sends nothing, so every sender is
 * at least this slow. Its warm latency is the "decrypt-only" micro figure: one KMS round trip to the
 * loopback stand-in plus the SDK's signed-suite work (P-384 key decompression, ECDSA verify, AES-GCM).
 *
 * Bundled by bench/src/bundle.ts with the dispatcher's own esbuild options and externals. Never deploy it.
 */
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { KmsKeyringNode } from '@aws-crypto/kms-keyring-node/build/main/src/kms_keyring_node.js';
import { CommitmentPolicy } from '@aws-crypto/material-management-node';

interface Event {
  request: { code: string | null };
}

const { decrypt } = buildDecrypt({
  commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT,
  maxEncryptedDataKeys: 1,
});
const keyArn = process.env.KMS_KEY_ARN ?? '';
const keyring = new KmsKeyringNode({ keyIds: [keyArn] });

/** Decrypts `request.code` and returns its length (so the work cannot be optimised away). */
export async function handler(event: Event): Promise<number> {
  if (!event.request.code) return 0;
  const { plaintext } = await decrypt(keyring, Buffer.from(event.request.code, 'base64'));
  return plaintext.length;
}
