/**
 * Bundle-only replacement for `@aws-crypto/material-management`'s `ecc_decode.js` (swapped in by the
 * `fast-ecc-decode` plugin in `scripts/bundle-plugins.ts`; nothing imports this module directly).
 *
 * Every Cognito message carries the compressed P-384 public key its signature is checked with. The SDK
 * decompresses it in pure JavaScript with bn.js (3–8 ms per message, plus a precomputation at module load);
 * OpenSSL's `ECDH.convertKey` returns the byte-identical uncompressed point in ≈ 0.1 ms
 * (bench/README.md change 2; `test/unit/ecc-decode.test.ts` compares both on random keys). One difference, on
 * purpose: OpenSSL rejects an x that is not on the curve, where bn.js returned a point the signature check
 * then refused.
 */
import { ECDH } from 'node:crypto';

type Decoder = (compressedPoint: Uint8Array) => Uint8Array;

function decoder(curve: 'prime256v1' | 'secp384r1', length: number): Decoder {
  return (compressedPoint) => {
    // Same precondition and message as the SDK's decoder.
    if (compressedPoint.byteLength !== length) throw new Error('Compressed point length is not correct.');
    // Without an output encoding convertKey returns a Buffer (its type also admits the string overload).
    const point = ECDH.convertKey(compressedPoint, curve, undefined, undefined, 'uncompressed') as Buffer;
    return new Uint8Array(point);
  };
}

const prime256v1 = decoder('prime256v1', 33);
const secp384r1 = decoder('secp384r1', 49);

/**
 * Decompressors by OpenSSL and WebCrypto curve name, the shape the SDK's `signature_key.js` reads.
 * @example decodeNamedCurves['P-384'](compressedPoint) // Uint8Array(97), 0x04 ‖ x ‖ y
 */
export const decodeNamedCurves: Readonly<Record<string, Decoder>> = Object.freeze({
  prime256v1,
  secp384r1,
  'P-256': prime256v1,
  'P-384': secp384r1,
});
