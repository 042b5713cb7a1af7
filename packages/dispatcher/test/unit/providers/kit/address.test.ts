import { describe, expect, it } from 'vitest';
import { formatMailbox, toEmailObject } from '../../../../src/providers/kit/address.js';

/** Decodes base64 encoded words the way a mail client does (adjacent words join without the space). */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}

describe('toEmailObject', () => {
  it('maps a named and an unnamed address', () => {
    expect(toEmailObject({ name: 'Zoë', address: 'z@acme.test' })).toEqual({
      email: 'z@acme.test',
      name: 'Zoë',
    });
    expect(toEmailObject({ address: 'z@acme.test' })).toEqual({ email: 'z@acme.test' });
  });
});

describe('formatMailbox', () => {
  it('leaves a bare address bare and quotes an ASCII name, escaping quotes and backslashes', () => {
    expect(formatMailbox({ address: 'a@acme.test' })).toBe('a@acme.test');
    expect(formatMailbox({ name: 'Acme, Inc.', address: 'a@acme.test' })).toBe('"Acme, Inc." <a@acme.test>');
    expect(formatMailbox({ name: 'say "hi" \\o/', address: 'a@acme.test' })).toBe(
      '"say \\"hi\\" \\\\o/" <a@acme.test>',
    );
  });

  it('encodes a non-ASCII name as RFC 2047 words', () => {
    const mailbox = formatMailbox({ name: 'Zoë Café', address: 'z@acme.test' });

    expect(mailbox).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <z@acme\.test>$/);
    expect(decodeWords(mailbox.replace(/ <z@acme\.test>$/, ''))).toBe('Zoë Café');
  });

  it('splits a long name into words of at most 75 characters, never inside a character', () => {
    const name = 'Équipe d’assistance de l’Université 🎓 — notifications automatiques';

    const mailbox = formatMailbox({ name, address: 'z@acme.test' });
    const words = mailbox.replace(/ <z@acme\.test>$/, '').split(' ');

    expect(words.length).toBeGreaterThan(1);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeWords(words.join(' '))).toBe(name);
  });
});
