/**
 * Reads the public, unencrypted header of an Encryption SDK message (format v1 and v2): its algorithm suite,
 * its encryption context and which KMS keys wrap its data key. Used before any KMS call:
 * - the handler's pool guard compares the `userpool-id` context with the event (and `USER_POOL_ID`), so a
 *   foreign pool's ciphertext is refused without asking KMS (pool-guard.ts);
 * - the decryptor refuses any suite but Cognito's 0x0378 (decrypt.ts);
 * - a DECRYPT_FAILED names the key the message carries next to `KMS_KEY_ARN` (a key ARN is not secret).
 * Nothing here is authenticated yet: the Encryption SDK verifies the header (its signature covers it) when it
 * decrypts, and the handler checks the authenticated context again afterwards. Reading it early only lets us
 * refuse sooner; it never lets anything through that the SDK would refuse.
 */

const KMS_PROVIDER_ID = 'aws-kms';
/** More data keys than this is no Cognito message (which wraps exactly one); stop reading. */
const MAX_KEYS = 10;
/** More context pairs than this is no Cognito message (which has two). */
const MAX_CONTEXT_PAIRS = 32;

/** What the header says, before anything is verified. */
export interface MessageHeaderInfo {
  /** Message format version (1 or 2). */
  version: 1 | 2;
  /** Algorithm suite id, e.g. `0x0378` for Cognito's. */
  suiteId: number;
  /** The encryption context pairs (Cognito: `userpool-id`, `aws-crypto-public-key`). */
  encryptionContext: Record<string, string>;
  /** Provider infos (key ARNs) of the `aws-kms` data keys. */
  keyArns: string[];
}

/**
 * Reads a base64 Encryption SDK message header; `undefined` when it is not one (or is truncated).
 * @example readMessageHeader(event.request.code)?.encryptionContext['userpool-id'] // 'eu-west-1_AbC'
 */
export function readMessageHeader(ciphertextBase64: string): MessageHeaderInfo | undefined {
  try {
    return readHeader(Buffer.from(ciphertextBase64, 'base64'));
  } catch {
    // Truncated or not a message at all: the Encryption SDK refuses it with its own error.
    return undefined;
  }
}

/**
 * The `aws-kms` provider infos (key ARNs) of a base64 Encryption SDK message; `[]` when it is not one.
 * @example ciphertextKeyArns(event.request.code) // ['arn:aws:kms:eu-west-1:111122223333:key/…']
 */
export function ciphertextKeyArns(ciphertextBase64: string): string[] {
  return readMessageHeader(ciphertextBase64)?.keyArns ?? [];
}

/**
 * Formats a suite id the way AWS documents them.
 * @example suiteName(0x0378) // '0x0378'
 */
export function suiteName(suiteId: number): string {
  return `0x${suiteId.toString(16).padStart(4, '0')}`;
}

function readHeader(bytes: Buffer): MessageHeaderInfo | undefined {
  let at: number;
  let version: 1 | 2;
  let suiteId: number;
  // v1: version, type, suite (2), message id (16); v2: version, suite (2), message id (32).
  if (bytes[0] === 0x01 && bytes[1] === 0x80) {
    version = 1;
    suiteId = bytes.readUInt16BE(2);
    at = 20;
  } else if (bytes[0] === 0x02) {
    version = 2;
    suiteId = bytes.readUInt16BE(1);
    at = 35;
  } else {
    return undefined;
  }
  const aadLength = bytes.readUInt16BE(at);
  const aadEnd = at + 2 + aadLength;
  if (aadEnd > bytes.length) throw new RangeError('truncated header');
  const encryptionContext = readContext(bytes.subarray(at + 2, aadEnd));
  at = aadEnd;
  const count = bytes.readUInt16BE(at);
  at += 2;
  const keyArns: string[] = [];
  for (let i = 0; i < Math.min(count, MAX_KEYS); i += 1) {
    const [providerId, afterId] = field(bytes, at);
    const [providerInfo, afterInfo] = field(bytes, afterId);
    const [, afterKey] = field(bytes, afterInfo);
    at = afterKey;
    const arn = providerInfo.toString('utf8');
    // Printable only: this text goes into a log line.
    if (providerId.toString('utf8') === KMS_PROVIDER_ID && /^[\x21-\x7e]{1,2048}$/.test(arn))
      keyArns.push(arn);
  }
  return { version, suiteId, encryptionContext, keyArns };
}

/** The serialized encryption context: a u16 pair count, then u16-length-prefixed keys and values. */
function readContext(aad: Buffer): Record<string, string> {
  const context: Record<string, string> = Object.create(null);
  if (aad.length === 0) return context;
  const pairs = aad.readUInt16BE(0);
  if (pairs > MAX_CONTEXT_PAIRS) throw new RangeError('too many encryption context pairs');
  let at = 2;
  for (let i = 0; i < pairs; i += 1) {
    const [key, afterKey] = field(aad, at);
    const [value, afterValue] = field(aad, afterKey);
    at = afterValue;
    context[key.toString('utf8')] = value.toString('utf8');
  }
  if (at !== aad.length) throw new RangeError('trailing bytes after the encryption context');
  return context;
}

/** A u16-length-prefixed field and the offset after it; throws when the buffer ends first. */
function field(bytes: Buffer, at: number): [Buffer, number] {
  const length = bytes.readUInt16BE(at);
  const end = at + 2 + length;
  if (end > bytes.length) throw new RangeError('truncated header');
  return [bytes.subarray(at + 2, end), end];
}
