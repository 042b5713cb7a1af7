/**
 * A small MIME reader for what nodemailer (and SES `Content.Raw`) produce: folded headers, RFC 2047 encoded
 * words, nested multiparts, base64 / quoted-printable / 7bit / 8bit bodies, charsets TextDecoder knows.
 * It exists because `mailparser` cannot be installed here; it is not a general-purpose parser (no
 * attachments API, no RFC 2231 parameter continuations).
 */

/** The parts of a message the stand-ins record. */
export interface ParsedMime {
  /** Header name as written → decoded value; the first occurrence wins (e.g. the top `Received`). */
  headers: Record<string, string>;
  text?: string;
  html?: string;
}

interface Entity {
  headers: [string, string][];
  body: Buffer;
}

/**
 * Parses a raw RFC 5322 message into decoded headers and its first text/plain and text/html parts.
 * @example
 * const { headers, text } = parseMime(Buffer.from('Subject: Hi\r\n\r\nHello'));
 * // headers.Subject === 'Hi', text === 'Hello'
 */
export function parseMime(raw: Buffer | string): ParsedMime {
  const entity = splitEntity(Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8'));
  const headers: Record<string, string> = {};
  for (const [name, value] of entity.headers) {
    if (!(name in headers)) headers[name] = decodeWords(value);
  }
  const result: ParsedMime = { headers };
  collectParts(entity, result);
  return result;
}

function splitEntity(buffer: Buffer): Entity {
  const text = buffer.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  const headerText = match ? text.slice(0, match.index) : text;
  const bodyStart = match ? match.index + match[0].length : text.length;
  const headers: [string, string][] = [];
  for (const line of headerText.split(/\r?\n/)) {
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last !== undefined) {
      // Unfold: a continuation line belongs to the previous header.
      last[1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    // Header bytes are kept as latin1 so 8-bit UTF-8 values survive the round trip below.
    const value = Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8');
    headers.push([line.slice(0, colon).trim(), value]);
  }
  // latin1 maps bytes 1:1 to characters, so the character offset is the byte offset.
  return { headers, body: buffer.subarray(bodyStart) };
}

function headerOf(entity: Entity, name: string): string | undefined {
  return entity.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

function contentType(entity: Entity): { type: string; params: Record<string, string> } {
  const value = headerOf(entity, 'content-type') ?? 'text/plain';
  const [type = 'text/plain', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    params[param.slice(0, eq).trim().toLowerCase()] = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { type: type.trim().toLowerCase(), params };
}

function collectParts(entity: Entity, out: ParsedMime): void {
  const { type, params } = contentType(entity);
  if (type.startsWith('multipart/') && params.boundary) {
    for (const part of splitMultipart(entity.body, params.boundary)) collectParts(splitEntity(part), out);
    return;
  }
  const disposition = (headerOf(entity, 'content-disposition') ?? '').toLowerCase();
  if (disposition.startsWith('attachment')) return;
  if (type === 'text/plain' && out.text === undefined) out.text = decodeBody(entity, params.charset);
  else if (type === 'text/html' && out.html === undefined) out.html = decodeBody(entity, params.charset);
}

function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const parts: Buffer[] = [];
  let index = text.indexOf(delimiter);
  while (index >= 0) {
    const afterDelimiter = index + delimiter.length;
    if (text.startsWith('--', afterDelimiter)) break;
    const start = text.indexOf('\n', afterDelimiter) + 1;
    const next = text.indexOf(`\n${delimiter}`, start);
    if (start <= 0 || next < 0) break;
    // The line break before the next delimiter belongs to the delimiter, not to the part.
    const end = text[next - 1] === '\r' ? next - 1 : next;
    parts.push(Buffer.from(text.slice(start, end), 'latin1'));
    index = next + 1;
  }
  return parts;
}

function decodeBody(entity: Entity, charset = 'utf-8'): string {
  const encoding = (headerOf(entity, 'content-transfer-encoding') ?? '7bit').toLowerCase().trim();
  let bytes: Buffer;
  if (encoding === 'base64')
    bytes = Buffer.from(entity.body.toString('latin1').replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') bytes = decodeQuotedPrintable(entity.body.toString('latin1'));
  else bytes = entity.body;
  // Text travels with canonical CRLF line ends (RFC 5322); hand back the LF the sender wrote.
  return decodeCharset(bytes, charset).replace(/\r\n/g, '\n');
}

function decodeQuotedPrintable(text: string): Buffer {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i += 1) {
    const char = soft[i] as string;
    const hex = soft.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(char.charCodeAt(0) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) in a header value. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?[^?]+\?[BbQq]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, charset: string, kind: string, data: string) => {
      const bytes =
        kind.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64')
          : decodeQuotedPrintable(data.replace(/_/g, ' '));
      return decodeCharset(bytes, charset.replace(/\*.*$/, ''));
    });
}
