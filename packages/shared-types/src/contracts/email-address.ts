/**
 * The one email address pattern of the tree, and the one `Name <address>` parser. The dispatcher (EMAIL_FROM,
 * recipients), infra (its stack context), templates (brand support addresses), the stand-ins and the studio
 * all check addresses with these, so an address one package accepts is never refused by another.
 *
 * Deliberately narrower than RFC 5322's addr-spec: no quoted local parts, comments or address literals, and a
 * dot in the domain. Those are legal but never seen in user pools, and every character refused here is one that
 * could break a header or a provider's address list (whitespace, `<>`, quotes, `,;:`, parentheses, brackets,
 * backslash).
 */
import type { Address } from '../email.js';

/** `local@domain.tld` without whitespace or any header-structuring character. */
export const EMAIL_ADDRESS_PATTERN = /^[^\s@<>",;:()[\]\\]+@[^\s@<>",;:()[\]\\]+\.[^\s@<>",;:()[\]\\]+$/;

/** RFC 5321: a forward path holds at most 256 octets, brackets included, so no address is longer. */
export const EMAIL_ADDRESS_MAX_CHARS = 254;

/**
 * True when `value` is an address by {@link EMAIL_ADDRESS_PATTERN} and at most 254 characters.
 * @example isEmailAddress('ana@example.com') // true
 */
export function isEmailAddress(value: unknown): value is string {
  // Length first: the pattern backtracks quadratically on long input (a 100k attribute took ~10 s).
  return (
    typeof value === 'string' && value.length <= EMAIL_ADDRESS_MAX_CHARS && EMAIL_ADDRESS_PATTERN.test(value)
  );
}

/**
 * Parses `Name <address>`, `"Name, Inc." <address>` or a bare `address`; `undefined` for anything else,
 * including any CR, LF or NUL (header injection).
 * @example parseAddress('Acme <no-reply@acme.test>') // { name: 'Acme', address: 'no-reply@acme.test' }
 */
export function parseAddress(input: string): Address | undefined {
  const value = input.trim();
  if (/[\r\n\0]/.test(value)) return undefined;
  const angle = /^(.*?)\s*<([^<>]+)>$/.exec(value);
  if (!angle) return isEmailAddress(value) ? { address: value } : undefined;
  const address = (angle[2] ?? '').trim();
  let name = (angle[1] ?? '').trim();
  if (name.startsWith('"') && name.endsWith('"') && name.length >= 2) name = name.slice(1, -1).trim();
  if (!isEmailAddress(address)) return undefined;
  return name ? { name, address } : { address };
}
