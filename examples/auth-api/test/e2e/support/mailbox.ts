/**
 * Where the e2e test reads the emails the dispatcher delivered: the outbox folder (one `.eml` per message, what
 * the studio shows) or the SMTP stand-in (the raw message as it arrived over SMTP). Either way the test reads
 * the real MIME message with testkit's parser, never the dispatcher's internals.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ParsedMime, parseMime, type SmtpStandIn } from '@mailroom/testkit';

export interface Mailbox {
  /** The one message to `address` that arrived since the last call for that address; fails otherwise. */
  next(address: string): Promise<ParsedMime>;
}

function addressedTo(message: ParsedMime, address: string): boolean {
  return (message.headers.To ?? '').toLowerCase().includes(address.toLowerCase());
}

function only(messages: ParsedMime[], address: string): ParsedMime {
  if (messages.length !== 1) {
    throw new Error(`expected exactly one new email to ${address}, found ${messages.length}`);
  }
  return messages[0] as ParsedMime;
}

/** Reads `.eml` files the outbox provider wrote into `dir`. */
export function outboxMailbox(dir: string): Mailbox {
  const seen = new Set<string>();
  return {
    async next(address) {
      const fresh: ParsedMime[] = [];
      for (const name of (await readdir(dir)).filter((n) => n.endsWith('.eml')).sort()) {
        if (seen.has(name)) continue;
        const message = await parseMime(await readFile(join(dir, name)));
        if (!addressedTo(message, address)) continue;
        seen.add(name);
        fresh.push(message);
      }
      return only(fresh, address);
    },
  };
}

/** Reads the raw messages the SMTP stand-in accepted. */
export function smtpMailbox(smtp: SmtpStandIn): Mailbox {
  const seen = new Set<number>();
  return {
    async next(address) {
      const fresh: ParsedMime[] = [];
      for (const [index, accepted] of smtp.accepted.entries()) {
        if (seen.has(index)) continue;
        const message = await parseMime(String(accepted.raw));
        if (!addressedTo(message, address)) continue;
        seen.add(index);
        fresh.push(message);
      }
      return only(fresh, address);
    },
  };
}

/**
 * The 6-digit code on its own line in the text part (how every code template prints it).
 * @example codeFrom(message) // '389486'
 */
export function codeFrom(message: ParsedMime): string {
  const code = /^\s*(\d{6})\s*$/m.exec(message.text ?? '')?.[1];
  if (!code) throw new Error(`no 6-digit code in the email "${message.headers.Subject}"`);
  return code;
}

/** The line after the "Temporary password" label in the invitation's text part. */
export function temporaryPasswordFrom(message: ParsedMime): string {
  const lines = (message.text ?? '').split('\n');
  const at = lines.findIndex((line) => line.trim() === 'Temporary password');
  const value = lines.slice(at + 1).find((line) => line.trim() !== '');
  if (at < 0 || value === undefined) throw new Error('no temporary password in the invitation');
  return value.trim();
}

/** The first link in the text part that starts with `prefix` (the button's URL, printed in the text too). */
export function linkFrom(message: ParsedMime, prefix: string): string {
  const link = (message.text ?? '').split(/\s+/).find((word) => word.startsWith(prefix));
  if (!link) throw new Error(`no link starting with ${prefix} in "${message.headers.Subject}"`);
  return link;
}
