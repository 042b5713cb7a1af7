/**
 * Decrypts `request.code`: an AWS Encryption SDK message (suite 0x0378, signed, not key-committing) whose one
 * data key is wrapped by the pool's KMS key.
 *
 * Imports only the decrypt half of the Encryption SDK, through public package exports: `buildDecrypt` is what
 * `buildClient` from `@aws-crypto/client-node` returns for decryption (same options), and the keyring is built
 * from `@aws-crypto/kms-keyring`'s `KmsKeyringClass` over `KeyringNode`, exactly as `KmsKeyringNode` is.
 * Why not `KmsKeyringNode` itself: `@aws-crypto/kms-keyring-node`'s index also loads the hierarchical keyring,
 * whose branch key store pulls in `@aws-sdk/client-dynamodb` at every cold start although decrypting never
 * uses it; importing its `build/main/src/kms_keyring_node.js` avoided that through a private path an upgrade
 * could move or change silently. Composing the class from public exports keeps the cold start lean with
 * nothing private to pin (test/integration/decrypt.test.ts holds it to `KmsKeyringNode`'s behaviour).
 */
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { KmsKeyringClass } from '@aws-crypto/kms-keyring';
import {
  CommitmentPolicy,
  immutableClass,
  KeyringNode,
  type Newable,
  type NodeAlgorithmSuite,
} from '@aws-crypto/material-management-node';
import type * as Kms from '@aws-sdk/client-kms';
import type { DecryptCommandInput } from '@aws-sdk/client-kms';
import { requireAwsSdk } from './aws-sdk.js';
import { ciphertextKeyArns, readMessageHeader, suiteName } from './ciphertext-keys.js';
import { DecryptError } from './errors.js';
import { warmAgent } from './providers/kit/warm-agent.js';

/** Through `require()`, as the Encryption SDK loads it too (why: aws-sdk.ts). */
const { DecryptCommand, KMSClient } = requireAwsSdk('@aws-sdk/client-kms') as typeof Kms;
type KMSClient = Kms.KMSClient;

/**
 * The KMS keyring for Node: `KmsKeyringNode` without its default client provider (we always pass ours).
 * Public exports only (see the module comment); frozen like the SDK's own keyrings.
 */
export class CognitoKmsKeyring extends KmsKeyringClass<NodeAlgorithmSuite, Kms.KMS>(
  KeyringNode as Newable<KeyringNode>,
) {}
immutableClass(CognitoKmsKeyring);

/**
 * Cognito's suite is not key-committing, so REQUIRE_ENCRYPT_ALLOW_DECRYPT; it wraps exactly one data key,
 * so anything with more is refused before any KMS call.
 */
const { decrypt: sdkDecrypt } = buildDecrypt({
  commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT,
  maxEncryptedDataKeys: 1,
});

/**
 * The one suite Cognito encrypts with (AES-256-GCM, HKDF-SHA384, ECDSA P-384). Anything else did not come from
 * Cognito: refused from the header, before any KMS call, with its own code (`UNSUPPORTED_SUITE`).
 */
export const COGNITO_SUITE_ID = 0x0378;

/** KMS error names meaning "the key or our access to it is broken": an operator must act, retries cannot help. */
const KMS_CONFIG_ERRORS = new Set([
  'AccessDeniedException',
  'DisabledException',
  'NotFoundException',
  'KMSInvalidStateException',
  'InvalidKeyUsageException',
  'IncorrectKeyException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'CredentialsProviderError',
]);

/** KMS errors where a later attempt (Lambda's async retry) can succeed. */
const KMS_TRANSIENT_ERRORS = new Set([
  'ThrottlingException',
  'KMSInternalException',
  'DependencyTimeoutException',
  'KeyUnavailableException',
  'ServiceUnavailableException',
  'InternalFailure',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'AbortError',
]);

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

/** A KMS failure seen while decrypting, with the key it concerned. */
interface KmsFailure {
  keyArn: string;
  error: unknown;
}

/**
 * Classifies a KMS client error as `KMS_CONFIG` (operator must fix key/policy), `KMS_TRANSIENT` (retry helps)
 * or `DECRYPT_FAILED` (this ciphertext is bad).
 * @example classifyKmsError({ name: 'ThrottlingException' }) // 'KMS_TRANSIENT'
 */
export function classifyKmsError(error: unknown): 'KMS_CONFIG' | 'KMS_TRANSIENT' | 'DECRYPT_FAILED' {
  const e = (error ?? {}) as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: number } };
  const name = typeof e.name === 'string' ? e.name : '';
  if (KMS_CONFIG_ERRORS.has(name)) return 'KMS_CONFIG';
  if (KMS_TRANSIENT_ERRORS.has(name)) return 'KMS_TRANSIENT';
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return 'KMS_TRANSIENT';
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number' && (status >= 500 || status === 429)) return 'KMS_TRANSIENT';
  if (name === 'InvalidCiphertextException') return 'DECRYPT_FAILED';
  // No HTTP status at all: the request never got an answer (socket errors surface with varied names).
  if (status === undefined && name !== '') return 'KMS_TRANSIENT';
  return 'DECRYPT_FAILED';
}

/** What a successful decrypt yields. */
export interface Decrypted {
  plaintext: string;
  /** The ciphertext's `userpool-id` encryption context (authenticated by the message signature). */
  userPoolId: string | undefined;
}

/** Decrypts Cognito ciphertexts with one set of reusable KMS clients (one per region, per cold start). */
export interface Decryptor {
  decrypt(ciphertextBase64: string): Promise<Decrypted>;
}

/**
 * Creates the region's KMS client once. The SDK's own config chain already honours `AWS_ENDPOINT_URL_KMS`
 * from `process.env`; `endpoint` is passed only when the handler was given its environment explicitly
 * (`createHandler({ env })`), so both paths reach the same place.
 */
function kmsClientCache(endpoint: string | undefined): (region: string) => KMSClient {
  const clients = new Map<string, KMSClient>();
  return (region) => {
    let client = clients.get(region);
    if (!client) {
      client = new KMSClient({
        region,
        ...(endpoint ? { endpoint } : {}),
        customUserAgent: 'mailroom-dispatcher',
        // Fail fast inside Lambda's budget; a stuck KMS call is transient and the async retry takes over.
        requestHandler: {
          connectionTimeout: 1_000,
          requestTimeout: 3_000,
          throwOnRequestTimeout: true,
          // Holds the connection the entry opened during init (warmup.ts): the first Decrypt skips the handshake.
          httpsAgent: warmAgent,
        },
      });
      clients.set(region, client);
    }
    return client;
  };
}

/**
 * Creates the decryptor. `keyArns` empty = discovery (local mode only: every key named in the message).
 * @example
 * const decryptor = createDecryptor({ keyArns: [process.env.KMS_KEY_ARN] });
 * const { plaintext, userPoolId } = await decryptor.decrypt(event.request.code);
 */
export function createDecryptor(options: {
  keyArns: readonly string[];
  defaultRegion?: string | undefined;
  /** Explicit KMS endpoint (`AWS_ENDPOINT_URL_KMS` from an injected environment). */
  endpoint?: string | undefined;
}): Decryptor {
  const clientFor = kmsClientCache(options.endpoint);
  const keyArns = [...options.keyArns];

  return {
    async decrypt(ciphertextBase64) {
      // An unreadable header is left to the Encryption SDK, which refuses it before any KMS call too.
      const suiteId = readMessageHeader(ciphertextBase64)?.suiteId;
      if (suiteId !== undefined && suiteId !== COGNITO_SUITE_ID) {
        throw new DecryptError(
          'UNSUPPORTED_SUITE',
          `request.code uses algorithm suite ${suiteName(suiteId)}; Cognito encrypts with ${suiteName(COGNITO_SUITE_ID)} only`,
          {
            retryable: false,
            fix: `investigate: only ciphertexts Cognito produced (suite ${suiteName(COGNITO_SUITE_ID)}) are accepted; this event did not come from a Cognito custom sender trigger`,
          },
        );
      }
      const failures: KmsFailure[] = [];
      // A keyring per call (cheap) so KMS errors are captured per invocation; the KMS clients are shared.
      const clientProvider = (region?: string) => {
        const client = clientFor(region || options.defaultRegion || 'us-east-1');
        return {
          config: client.config,
          decrypt: async (args: DecryptCommandInput) => {
            try {
              return await client.send(new DecryptCommand(args));
            } catch (error) {
              failures.push({ keyArn: args.KeyId ?? 'unknown', error });
              throw error;
            }
          },
        };
      };
      const keyring = new CognitoKmsKeyring(
        keyArns.length > 0
          ? // biome-ignore lint/suspicious/noExplicitAny: the keyring's client type is the v2/v3 union; our wrapper implements the v3 `decrypt` it calls
            { keyIds: keyArns, clientProvider: clientProvider as any }
          : // biome-ignore lint/suspicious/noExplicitAny: same as above
            { discovery: true, clientProvider: clientProvider as any },
      );

      let result: Awaited<ReturnType<typeof sdkDecrypt>>;
      try {
        result = await sdkDecrypt(keyring, ciphertextBase64, { encoding: 'base64' });
      } catch (cause) {
        throw toDecryptError(cause, failures, keyArns, ciphertextBase64);
      }
      const plaintext = result.plaintext.toString('utf8');
      result.plaintext.fill(0);
      return { plaintext, userPoolId: result.messageHeader.encryptionContext['userpool-id'] };
    },
  };
}

function toDecryptError(
  cause: unknown,
  failures: KmsFailure[],
  keyArns: string[],
  ciphertextBase64: string,
): DecryptError {
  const last = failures.at(-1);
  if (last) {
    const kind = classifyKmsError(last.error);
    const name = (last.error as { name?: string })?.name ?? 'Error';
    if (kind === 'KMS_CONFIG') {
      return new DecryptError('KMS_CONFIG', `KMS refused to decrypt with key ${last.keyArn}: ${name}`, {
        retryable: false,
        fix: `check that key ${last.keyArn} exists, is enabled, and that the function role may kms:Decrypt with it`,
        cause,
      });
    }
    if (kind === 'KMS_TRANSIENT') {
      return new DecryptError(
        'KMS_TRANSIENT',
        `KMS decrypt with key ${last.keyArn} failed transiently: ${name}`,
        {
          retryable: true,
          cause,
        },
      );
    }
  }
  const configured = keyArns.length > 0 ? keyArns.join(', ') : '(discovery)';
  // The key the ciphertext names (not secret): when it is not configured, say so with both sides.
  const carried = ciphertextKeyArns(ciphertextBase64);
  const unconfigured = carried.filter((arn) => !keyArns.includes(arn));
  if (keyArns.length > 0 && carried.length > 0 && unconfigured.length === carried.length) {
    return new DecryptError(
      'DECRYPT_FAILED',
      `request.code could not be decrypted: its data key is wrapped by ${carried.join(', ')}, ` +
        `which is not in KMS_KEY_ARN (${configured})`,
      {
        retryable: false,
        fix: `set KMS_KEY_ARN to the pool's custom sender KMS key: the ciphertext names ${carried.join(', ')}, KMS_KEY_ARN holds ${configured} (during a key rotation list both, comma-separated)`,
        cause,
      },
    );
  }
  return new DecryptError(
    'DECRYPT_FAILED',
    'request.code could not be decrypted: not a valid Encryption SDK message, or its data key is not wrapped by a key in KMS_KEY_ARN',
    {
      retryable: false,
      fix: `make sure KMS_KEY_ARN (${configured}) holds the key ARN configured as the pool's custom sender KMS key`,
      cause,
    },
  );
}

/**
 * Undoes the HTML escaping Cognito applies to AdminCreateUser temporary passwords, in one pass so
 * `&amp;lt;` becomes `&lt;` (what the admin typed), not `<`.
 * @example unescapeTemporaryPassword('a&lt;b&amp;c') // 'a<b&c'
 */
export function unescapeTemporaryPassword(value: string): string {
  const map: Record<string, string> = {
    '&amp;': '&',
    '&lt;': '<',
    '&gt;': '>',
    '&quot;': '"',
    '&#39;': "'",
    '&#x27;': "'",
    '&#X27;': "'",
  };
  return value.replace(/&(?:amp|lt|gt|quot|#39|#[xX]27);/g, (entity) => map[entity] ?? entity);
}
