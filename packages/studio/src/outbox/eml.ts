/**
 * Reads one `.eml` through `mailparser` (the one MIME parser): headers as they appear (decoded), subject,
 * addresses, HTML and text parts.
 */
import { type AddressObject, type HeaderValue, simpleParser } from 'mailparser';

/** One header as it appears in the message, decoded. */
export interface EmlHeader {
  name: string;
  value: string;
}

/** What the studio shows of one message. */
export interface ParsedEml {
  headers: EmlHeader[];
  subject: string;
  from: string;
  to: string;
  date: string | null;
  messageId: string | null;
  html: string | null;
  text: string | null;
}

function isAddressObject(value: unknown): value is AddressObject {
  return typeof value === 'object' && value !== null && 'text' in value && 'value' in value;
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return '';
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}

/**
 * A header's display value: mailparser's decoded text for unstructured headers and addresses, the unfolded
 * line for structured ones (dates, content types), whose parsed form is not what the message says.
 */
function displayValue(parsed: HeaderValue | undefined, line: string): string {
  if (typeof parsed === 'string') return parsed;
  if (isAddressObject(parsed)) return parsed.text;
  const colon = line.indexOf(':');
  return line
    .slice(colon + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

/**
 * Parses a raw message into headers, HTML and text.
 * @example
 * const mail = await parseEml(await readFile('outbox/1.eml'));
 * mail.subject; // 'Reset your password'
 */
export async function parseEml(raw: Buffer | string): Promise<ParsedEml> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true });
  const headers = mail.headerLines.map(({ key, line }) => ({
    name: line.slice(0, line.indexOf(':')).trim(),
    // A repeated header (Received) is an array in `mail.headers`: show each line as written.
    value: displayValue(Array.isArray(mail.headers.get(key)) ? undefined : mail.headers.get(key), line),
  }));
  return {
    headers,
    subject: mail.subject ?? '',
    from: addressText(mail.from),
    to: addressText(mail.to),
    date: mail.date ? mail.date.toISOString() : null,
    messageId: mail.messageId ?? null,
    html: mail.html === false ? null : (mail.html ?? null),
    text: mail.text ?? null,
  };
}
