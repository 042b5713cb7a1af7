import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../../../src/standins/self-signed.js';

describe('createSelfSignedCertificate', () => {
  // Regression: a random serial starting 0x00 0x0* is non-minimal DER ("illegal padding"), so about one SMTP
  // stand-in start in 256 threw inside smtp-server.
  it('encodes the serial as a minimal positive INTEGER every time', () => {
    for (let i = 0; i < 300; i++) {
      const { cert } = createSelfSignedCertificate();
      const serialHex = new X509Certificate(cert).serialNumber;
      expect(serialHex).toHaveLength(32);
      const first = Number.parseInt(serialHex.slice(0, 2), 16);
      expect(first).toBeGreaterThanOrEqual(0x40);
      expect(first).toBeLessThan(0x80);
    }
  });

  it('produces a key and certificate OpenSSL accepts for localhost and 127.0.0.1', () => {
    const { key, cert } = createSelfSignedCertificate();
    expect(() => createSecureContext({ key, cert })).not.toThrow();
    const x509 = new X509Certificate(cert);
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });
});
