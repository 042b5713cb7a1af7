import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyStore } from '../../../src/kms/key-store.js';

const ARN = 'arn:aws:kms:eu-west-1:123456789012:key/0b7c2f1e-8d4a-4e6b-9f3c-5a1d2e3f4a5b';

function loadedStore(): KeyStore {
  const store = new KeyStore('eu-west-1', '123456789012');
  store.load({ arn: ARN, material: Buffer.alloc(32, 7).toString('base64') });
  return store;
}

describe('KeyStore', () => {
  it('unwraps what it wrapped and reports the key ARN embedded in the blob', () => {
    const store = loadedStore();
    const secret = randomBytes(32);

    const { blob } = store.wrap(ARN, secret, { 'userpool-id': 'eu-west-1_AbCdEf123' });
    const out = store.unwrap(blob, undefined, { 'userpool-id': 'eu-west-1_AbCdEf123' });

    expect(out.arn).toBe(ARN);
    expect(out.plaintext.equals(secret)).toBe(true);
    expect(blob.includes(Buffer.from(ARN))).toBe(true);
  });

  it('treats the encryption context as a map, so key order does not matter', () => {
    const store = loadedStore();
    const { blob } = store.wrap(ARN, Buffer.from('k'), { a: '1', b: '2' });

    expect(store.unwrap(blob, ARN, { b: '2', a: '1' }).plaintext.toString()).toBe('k');
  });

  it('rejects a different encryption context with InvalidCiphertextException', () => {
    const store = loadedStore();
    const { blob } = store.wrap(ARN, Buffer.from('k'), { 'userpool-id': 'pool-a' });

    expect(() => store.unwrap(blob, ARN, { 'userpool-id': 'pool-b' })).toThrow(
      expect.objectContaining({ type: 'InvalidCiphertextException' }),
    );
    expect(() => store.unwrap(blob, ARN, undefined)).toThrow(
      expect.objectContaining({ type: 'InvalidCiphertextException' }),
    );
  });

  it('rejects a tampered blob with InvalidCiphertextException', () => {
    const store = loadedStore();
    const { blob } = store.wrap(ARN, Buffer.from('secret'), {});
    blob[blob.length - 1] = (blob[blob.length - 1] ?? 0) ^ 0x01;

    expect(() => store.unwrap(blob, undefined, {})).toThrow(
      expect.objectContaining({ type: 'InvalidCiphertextException' }),
    );
  });

  it('is deterministic across instances loaded with the same material', () => {
    const { blob } = loadedStore().wrap(ARN, Buffer.from('fixture'), { p: 'q' });

    expect(loadedStore().unwrap(blob, undefined, { p: 'q' }).plaintext.toString()).toBe('fixture');
  });

  it('resolves a bare key id and answers NotFoundException for an unknown key', () => {
    const store = loadedStore();

    expect(store.resolve('0b7c2f1e-8d4a-4e6b-9f3c-5a1d2e3f4a5b').arn).toBe(ARN);
    expect(() => store.resolve('arn:aws:kms:eu-west-1:123456789012:key/nope')).toThrow(
      expect.objectContaining({ type: 'NotFoundException' }),
    );
  });

  it('answers IncorrectKeyException when KeyId names another key than the blob', () => {
    const store = loadedStore();
    const other = store.create();
    const { blob } = store.wrap(ARN, Buffer.from('k'), {});

    expect(() => store.unwrap(blob, other, {})).toThrow(
      expect.objectContaining({ type: 'IncorrectKeyException' }),
    );
  });

  it('resolves an alias name and an alias ARN to the key they point at', () => {
    const store = loadedStore();

    const aliasArn = store.createAlias('alias/mailroom-local', ARN);

    expect(aliasArn).toBe('arn:aws:kms:eu-west-1:123456789012:alias/mailroom-local');
    expect(store.resolve('alias/mailroom-local').arn).toBe(ARN);
    expect(store.resolve(aliasArn).arn).toBe(ARN);
  });

  it('answers NotFoundException for an unknown alias and refuses an AWS-reserved alias name', () => {
    const store = loadedStore();

    expect(() => store.resolve('alias/nope')).toThrow(expect.objectContaining({ type: 'NotFoundException' }));
    expect(() => store.createAlias('alias/aws/kms', ARN)).toThrow(/alias\/<name>/);
  });

  it('refuses key material that is not 32 bytes, naming the key', () => {
    const store = new KeyStore('eu-west-1', '123456789012');

    expect(() => store.load({ arn: ARN, material: Buffer.alloc(16).toString('base64') })).toThrow(
      `key material for ${ARN} must be base64 of 32 bytes, got 16 bytes`,
    );
  });
});
