import { describe, expect, it } from 'vitest';
import { ciphertextKeyArns, readMessageHeader } from '../../src/ciphertext-keys.js';

const ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const field = (value: string | Buffer) => {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([u16(bytes.length), bytes]);
};

/** A format-v1 header as Cognito sends it (suite 0x0378), cut after the encrypted data keys. */
function v1Header(
  keys: [provider: string, info: string][],
  context: Record<string, string> = { 'userpool-id': 'eu-west-1_Example' },
  suite = 0x0378,
): Buffer {
  const pairs = Object.entries(context);
  const aad =
    pairs.length === 0
      ? Buffer.alloc(0)
      : Buffer.concat([u16(pairs.length), ...pairs.flatMap(([k, v]) => [field(k), field(v)])]);
  return Buffer.concat([
    Buffer.from([0x01, 0x80]),
    u16(suite),
    Buffer.alloc(16, 7),
    u16(aad.length),
    aad,
    u16(keys.length),
    ...keys.map(([provider, info]) =>
      Buffer.concat([field(provider), field(info), field(Buffer.alloc(48, 1))]),
    ),
  ]);
}

describe('ciphertextKeyArns', () => {
  it('names the KMS key a message header carries', () => {
    expect(ciphertextKeyArns(v1Header([['aws-kms', ARN]]).toString('base64'))).toEqual([ARN]);
  });

  it('ignores data keys of other providers', () => {
    const header = v1Header([
      ['raw-aes', 'my-key'],
      ['aws-kms', ARN],
    ]);
    expect(ciphertextKeyArns(header.toString('base64'))).toEqual([ARN]);
  });

  it('returns nothing for text that is not an Encryption SDK message, or a truncated one', () => {
    expect(ciphertextKeyArns('bm90IGEgbWVzc2FnZQ==')).toEqual([]);
    expect(
      ciphertextKeyArns(
        v1Header([['aws-kms', ARN]])
          .subarray(0, 60)
          .toString('base64'),
      ),
    ).toEqual([]);
  });
});

describe('readMessageHeader', () => {
  it('reads the suite and the whole encryption context, as Cognito writes them', () => {
    const header = v1Header([['aws-kms', ARN]], {
      'aws-crypto-public-key': 'A1b2C3d4',
      'userpool-id': 'eu-west-1_Example',
    });

    expect(readMessageHeader(header.toString('base64'))).toEqual({
      version: 1,
      suiteId: 0x0378,
      encryptionContext: { 'aws-crypto-public-key': 'A1b2C3d4', 'userpool-id': 'eu-west-1_Example' },
      keyArns: [ARN],
    });
  });

  it('reads another suite id as it is (the decryptor refuses it)', () => {
    expect(readMessageHeader(v1Header([['aws-kms', ARN]], {}, 0x0178).toString('base64'))).toMatchObject({
      suiteId: 0x0178,
      encryptionContext: {},
    });
  });

  it('refuses a context whose pairs run past its declared length', () => {
    const header = v1Header([['aws-kms', ARN]]);
    // Claim two pairs where one is serialized: the second read runs into the key count and fails.
    header.writeUInt16BE(2, 22);

    expect(readMessageHeader(header.toString('base64'))).toBeUndefined();
  });
});
