/**
 * A throwaway self-signed certificate for `localhost` / `127.0.0.1`, built with node:crypto alone (a P-256
 * key and a hand-encoded DER X.509 v3 certificate), so the SMTP stand-in can offer STARTTLS without
 * openssl, native modules or smtp-server's bundled certificate (which expired in 2025).
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** PEM key and certificate. */
export interface SelfSignedCertificate {
  key: string;
  cert: string;
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...content: Buffer[]): Buffer => tlv(0x30, ...content);
const OID_ECDSA_SHA256 = Buffer.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]);
const OID_COMMON_NAME = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]);
const OID_SUBJECT_ALT_NAME = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x11]);

function utcTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-11-21T22:03:41.000Z → 261121220341Z
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

/**
 * Generates a P-256 certificate valid from one hour ago for `days` days, for `localhost` and `127.0.0.1`.
 * @example
 * const { key, cert } = createSelfSignedCertificate();
 * tls.createServer({ key, cert });
 */
export function createSelfSignedCertificate(days = 2): SelfSignedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const serial = randomBytes(16);
  // DER INTEGERs must be positive here and minimally encoded: clear the sign bit and set the next one, so the
  // first byte is never 0x00 (a leading zero byte before a byte < 0x80 is "illegal padding" to OpenSSL, which
  // made roughly 1 in 256 stand-in starts fail).
  serial[0] = ((serial[0] as number) & 0x7f) | 0x40;
  const name = sequence(tlv(0x31, sequence(OID_COMMON_NAME, tlv(0x0c, Buffer.from('localhost')))));
  const now = Date.now();
  const altNames = sequence(tlv(0x82, Buffer.from('localhost')), tlv(0x87, Buffer.from([127, 0, 0, 1])));
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // version v3
    tlv(0x02, serial),
    sequence(OID_ECDSA_SHA256),
    name,
    sequence(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + days * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, sequence(sequence(OID_SUBJECT_ALT_NAME, tlv(0x04, altNames)))),
  );
  const signature = sign('sha256', tbs, privateKey); // DER ECDSA-Sig-Value, as X.509 wants it
  const der = sequence(tbs, sequence(OID_ECDSA_SHA256), tlv(0x03, Buffer.from([0]), signature));
  const base64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${base64.trimEnd()}\n-----END CERTIFICATE-----\n`,
  };
}
