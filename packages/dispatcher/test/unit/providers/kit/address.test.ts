import { parseMime } from '@mailroom/testkit';
import { describe, expect, it } from 'vitest';
import { formatMailbox, toEmailObject } from '../../../../src/providers/kit/address.js';

/** The mailbox as a mail client shows it: the From header read back by the one MIME parser (mailparser). */
async function readBack(mailbox: string): Promise<string | undefined> {
  return (await parseMime(`From: ${mailbox}\r\n\r\n`)).headers.From;
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

  it('encodes a non-ASCII name as RFC 2047 words', async () => {
    const mailbox = formatMailbox({ name: 'Zoë Café', address: 'z@acme.test' });

    expect(mailbox).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <z@acme\.test>$/);
    expect(await readBack(mailbox)).toBe('Zoë Café <z@acme.test>');
  });

  it('splits a long name into words of at most 75 characters, never inside a character', async () => {
    const name = 'Équipe d’assistance de l’Université 🎓 — notifications automatiques';

    const mailbox = formatMailbox({ name, address: 'z@acme.test' });
    const words = mailbox.replace(/ <z@acme\.test>$/, '').split(' ');

    expect(words.length).toBeGreaterThan(1);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    // Each word decodes alone (RFC 2047 §5: a character never spans words), and together they are the name.
    const alone = await Promise.all(words.map((word) => readBack(`${word} <z@acme.test>`)));
    for (const decoded of alone) expect(decoded).not.toContain('\uFFFD');
    expect(alone.map((decoded) => decoded?.replace(/ <z@acme\.test>$/, '')).join('')).toBe(name);
    expect(await readBack(mailbox)).toBe(`${name} <z@acme.test>`);
  });
});
