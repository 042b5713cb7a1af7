/**
 * Reads a raw RFC 5322 message (what nodemailer and SES `Content.Raw` carry) through `mailparser`, the one MIME
 * parser of the repo, into the shape the stand-ins record: decoded headers as written, text and HTML parts.
 */
import libmime from 'libmime';
import { simpleParser } from 'mailparser';

/** The parts of a message the stand-ins record. */
export interface ParsedMime {
  /** Header name as written → decoded value; the first occurrence wins (e.g. the top `Received`). */
  headers: Record<string, string>;
  text?: string;
  html?: string;
}

/**
 * One of mailparser's header lines (folded, bytes as latin1) → its name as written and its value unfolded and
 * decoded, the way mailparser decodes the headers it knows (8-bit bytes read as UTF-8, then RFC 2047 words).
 * libmime (mailparser's own decoder) does it here because mailparser decodes encoded words only in the headers
 * it knows (Subject, addresses…) and leaves custom ones (`X-Mailroom-Metadata`) encoded; and from the line as
 * written, because mailparser re-quotes display names in the address headers it parses.
 */
function decodedHeader(line: string): { name: string; value: string } {
  const unfolded = libmime.decodeHeader(line).value;
  return {
    name: line.slice(0, line.indexOf(':')).trim(),
    value: libmime.decodeWords(Buffer.from(unfolded, 'latin1').toString('utf8')),
  };
}

/**
 * Parses a raw message into decoded headers and its text/plain and text/html parts.
 * @example
 * const { headers, text } = await parseMime(Buffer.from('Subject: Hi\r\n\r\nHello'));
 * // headers.Subject === 'Hi', text === 'Hello'
 */
export async function parseMime(raw: Buffer | string): Promise<ParsedMime> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true });
  const headers: Record<string, string> = {};
  for (const { line } of mail.headerLines) {
    const { name, value } = decodedHeader(line);
    if (!(name in headers)) headers[name] = value;
  }
  const result: ParsedMime = { headers };
  if (mail.text !== undefined) result.text = mail.text;
  if (typeof mail.html === 'string') result.html = mail.html;
  return result;
}
