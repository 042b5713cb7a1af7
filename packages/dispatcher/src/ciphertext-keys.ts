/**
 * Reads which KMS keys a Cognito ciphertext's data key is wrapped by, from the Encryption SDK message
 * header (format v1 and v2, both unencrypted and public). Used only to explain a DECRYPT_FAILED: a key ARN
 * is not secret, and naming it next to `KMS_KEY_ARN` shows a mismatched key at a glance. The Encryption SDK
 * reads the same header itself, but its "no matching key" error does not say which key the message names.
 */

const KMS_PROVIDER_ID = 'aws-kms';
/** More data keys than this is no Cognito message (which wraps exactly one); stop reading. */
const MAX_KEYS = 10;

/**
 * The `aws-kms` provider infos (key ARNs) of a base64 Encryption SDK message; `[]` when it is not one.
 * @example ciphertextKeyArns(event.request.code) // ['arn:aws:kms:eu-west-1:111122223333:key/…']
 */
export function ciphertextKeyArns(ciphertextBase64: string): string[] {
  try {
    return readKeyArns(Buffer.from(ciphertextBase64, 'base64'));
  } catch {
    // Truncated or not a message at all: nothing to report beyond the generic error.
    return [];
  }
}

function readKeyArns(bytes: Buffer): string[] {
  let at: number;
  // v1: version, type, suite (2), message id (16); v2: version, suite (2), message id (32).
  if (bytes[0] === 0x01 && bytes[1] === 0x80) at = 20;
  else if (bytes[0] === 0x02) at = 35;
  else return [];
  const aadLength = bytes.readUInt16BE(at);
  at += 2 + aadLength;
  const count = bytes.readUInt16BE(at);
  at += 2;
  const arns: string[] = [];
  for (let i = 0; i < Math.min(count, MAX_KEYS); i += 1) {
    const [providerId, afterId] = field(bytes, at);
    const [providerInfo, afterInfo] = field(bytes, afterId);
    const [, afterKey] = field(bytes, afterInfo);
    at = afterKey;
    const arn = providerInfo.toString('utf8');
    // Printable only: this text goes into a log line.
    if (providerId.toString('utf8') === KMS_PROVIDER_ID && /^[\x21-\x7e]{1,2048}$/.test(arn)) arns.push(arn);
  }
  return arns;
}

/** A u16-length-prefixed field and the offset after it; throws when the buffer ends first. */
function field(bytes: Buffer, at: number): [Buffer, number] {
  const length = bytes.readUInt16BE(at);
  const end = at + 2 + length;
  if (end > bytes.length) throw new RangeError('truncated header');
  return [bytes.subarray(at + 2, end), end];
}
