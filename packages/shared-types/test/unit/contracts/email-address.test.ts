/** The one email address pattern and `Name <address>` parser (moved here from the dispatcher's config tests). */
import { describe, expect, it } from 'vitest';
import { EMAIL_ADDRESS_PATTERN, isEmailAddress, parseAddress } from '../../../src/contracts/email-address.js';

describe('parseAddress', () => {
  it('parses a display name, a quoted display name and a bare address', () => {
    expect(parseAddress('Acme <a@acme.test>')).toEqual({ name: 'Acme', address: 'a@acme.test' });
    expect(parseAddress('"Acme, Inc." <a@acme.test>')).toEqual({
      name: 'Acme, Inc.',
      address: 'a@acme.test',
    });
    expect(parseAddress(' a@acme.test ')).toEqual({ address: 'a@acme.test' });
    expect(parseAddress('<a@acme.test>')).toEqual({ address: 'a@acme.test' });
  });

  it('refuses header injection and junk', () => {
    expect(parseAddress('Acme <a@acme.test>\r\nBcc: x@evil.test')).toBeUndefined();
    expect(parseAddress('Acme <nope>')).toBeUndefined();
    expect(parseAddress('not an address')).toBeUndefined();
    expect(parseAddress('a@acme.test\0')).toBeUndefined();
  });
});

describe('isEmailAddress', () => {
  it.each(['ana@example.com', 'ana.souza+signup@mail.example.co.uk', 'x@localhost.test'])(
    'accepts %s',
    (value) => {
      expect(isEmailAddress(value)).toBe(true);
    },
  );

  it.each([
    'ana@localhost',
    'ana example@example.com',
    'ana@exa mple.com',
    '<ana@example.com>',
    'ana@example.com,bob@example.com',
    'ana;x@example.com',
    '"ana"@example.com',
    'ana@@example.com',
    '',
    42,
    undefined,
  ])('refuses %j', (value) => {
    expect(isEmailAddress(value)).toBe(false);
  });

  it('refuses an address longer than SMTP carries (254 characters)', () => {
    const long = `${'a'.repeat(64)}@${'b'.repeat(185)}.test`;

    expect(EMAIL_ADDRESS_PATTERN.test(long)).toBe(true);
    expect(long.length).toBe(255);
    expect(isEmailAddress(long)).toBe(false);
  });
});
