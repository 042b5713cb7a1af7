/**
 * Address formatting, one helper per wire shape:
 * - `toEmailObject`: `{ email, name }` objects (SendGrid, Brevo), whose APIs encode display names themselves;
 * - `formatMailbox`: an RFC 5322 mailbox string (Mailgun, SES, the outbox's record), with a quoted ASCII
 *   display name or RFC 2047 encoded words for any other, because these APIs put the string into the header
 *   as it is (SES refuses raw UTF-8 there; Mailgun passes it on).
 * nodemailer (SMTP, the outbox's .eml) takes our `Address` objects as they are and encodes on its own.
 */
import type { Address } from '@mailroom/shared-types';

/** UTF-8 bytes per encoded word: 45 bytes → 60 base64 characters, + `=?UTF-8?B?` `?=` = 72 ≤ 75 (RFC 2047 §2). */
const WORD_BYTES = 45;

/**
 * `{ email, name }` for APIs that take address objects (SendGrid v3, Brevo v3); no `name` key when unnamed.
 * @example toEmailObject({ name: 'Acme', address: 'a@acme.test' }) // { email: 'a@acme.test', name: 'Acme' }
 */
export function toEmailObject(a: Address): { email: string; name?: string } {
  return a.name ? { email: a.address, name: a.name } : { email: a.address };
}

/** Splits `text` into base64 encoded words of at most `WORD_BYTES` UTF-8 bytes, never inside a character. */
function encodedWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char, 'utf8') > WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(' ');
}

/**
 * An RFC 5322 mailbox: the bare address, `"Name" <address>` for a printable-ASCII name (quotes and
 * backslashes escaped), or RFC 2047 encoded words for any other name (`=?UTF-8?B?…?= <address>`).
 * @example
 * formatMailbox({ name: 'Acme', address: 'a@acme.test' }) // '"Acme" <a@acme.test>'
 * formatMailbox({ name: 'Zoë', address: 'z@acme.test' }) // '=?UTF-8?B?Wm/Dqw==?= <z@acme.test>'
 */
export function formatMailbox(a: Address): string {
  if (!a.name) return a.address;
  const name = /^[\x20-\x7e]*$/.test(a.name) ? `"${a.name.replace(/["\\]/g, '\\$&')}"` : encodedWords(a.name);
  return `${name} <${a.address}>`;
}
