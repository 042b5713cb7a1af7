/**
 * The bundle swaps the Encryption SDK's bn.js point decompression for OpenSSL's (`src/ecc-decode.ts`, plugin
 * `fast-ecc-decode`): both must return the same bytes for every key Cognito can send.
 */
import { createECDH } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeNamedCurves as fast } from '../../src/ecc-decode.js';

type Decoders = Record<string, (point: Uint8Array) => Uint8Array>;

// The SDK's own decoder, resolved the way the bundle resolves it (through the Encryption SDK's dependencies).
const sdkRequire = createRequire(
  createRequire(import.meta.url).resolve('@aws-crypto/material-management-node'),
);
const { decodeNamedCurves: original } = sdkRequire(
  '@aws-crypto/material-management/build/main/src/ecc_decode.js',
) as { decodeNamedCurves: Decoders };

const KEYS_PER_CURVE = 200;

describe.each([
  ['secp384r1', 'P-384', 49],
  ['prime256v1', 'P-256', 33],
] as const)('decodeNamedCurves %s', (curve, webName, length) => {
  it(`returns the same uncompressed point as the SDK for ${KEYS_PER_CURVE} random keys`, () => {
    // Arrange: random key pairs, both parities of y.
    const keys = Array.from({ length: KEYS_PER_CURVE }, () => {
      const ecdh = createECDH(curve);
      ecdh.generateKeys();
      return { compressed: ecdh.getPublicKey(null, 'compressed'), uncompressed: ecdh.getPublicKey() };
    });
    expect(new Set(keys.map((k) => k.compressed[0]))).toEqual(new Set([2, 3]));

    for (const { compressed, uncompressed } of keys) {
      // Act
      const ours = fast[curve]?.(new Uint8Array(compressed));
      const sdk = original[curve]?.(new Uint8Array(compressed));
      // Assert: byte-equal to the SDK and to OpenSSL's own public key.
      expect(ours).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(ours ?? [])).toEqual(Buffer.from(sdk ?? []));
      expect(Buffer.from(ours ?? [])).toEqual(uncompressed);
    }
  });

  it('answers to the WebCrypto name too, as the SDK does', () => {
    expect(fast[webName]).toBe(fast[curve]);
    expect(Object.keys(fast).sort()).toEqual(Object.keys(original).sort());
  });

  it('refuses a point of the wrong length with the SDK message', () => {
    const short = new Uint8Array(length - 1).fill(2);
    expect(() => fast[curve]?.(short)).toThrow('Compressed point length is not correct.');
    expect(() => original[curve]?.(short)).toThrow('Compressed point length is not correct.');
  });
});
