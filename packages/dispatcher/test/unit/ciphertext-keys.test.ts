import { describe, expect, it } from 'vitest';
import { ciphertextKeyArns } from '../../src/ciphertext-keys.js';

const ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const field = (value: string | Buffer) => {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([u16(bytes.length), bytes]);
};

/** A format-v1 header as Cognito sends it (suite 0x0378), cut after the encrypted data keys. */
function v1Header(keys: [provider: string, info: string][]): Buffer {
  const aad = Buffer.concat([u16(1), field('userpool-id'), field('eu-west-1_Example')]);
  return Buffer.concat([
    Buffer.from([0x01, 0x80, 0x03, 0x78]),
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
