/**
 * A small RFC 5322 / MIME reader for the outbox's `.eml` files: headers (folded, RFC 2047 encoded words),
 * nested multiparts, quoted-printable and base64 bodies. `mailparser` is not installable from the registry
 * mirror, and the outbox only needs the HTML part, the text part and the headers.
 */

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

interface Part {
  headers: EmlHeader[];
  body: Buffer;
}

function splitHeadersAndBody(raw: Buffer): { head: string; body: Buffer } {
  const text = raw.toString('latin1');
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  if (crlf === -1 && lf === -1) return { head: text, body: Buffer.alloc(0) };
  const useCrlf = crlf !== -1 && (lf === -1 || crlf < lf);
  const at = useCrlf ? crlf : lf;
  return { head: text.slice(0, at), body: raw.subarray(at + (useCrlf ? 4 : 2)) };
}

function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    // Unknown charset label: UTF-8 is what every provider we emulate writes.
    return bytes.toString('utf8');
  }
}

function decodeQuotedPrintable(input: string): Buffer {
  const soft = input.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const ch = soft[i];
    const hex = soft.slice(i + 1, i + 3);
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(soft.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/**
 * Decodes RFC 2047 encoded words (`=?utf-8?B?…?=`, `=?utf-8?Q?…?=`) in a header value.
 * @example decodeEncodedWords('=?UTF-8?Q?Best=C3=A4tigen?=') // 'Bestätigen'
 */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_match, charset: string, enc: string, data: string) => {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64')
          : decodeQuotedPrintable(data.replace(/_/g, ' '));
      return decodeCharset(bytes, charset.toLowerCase());
    });
}

function parseHeaders(head: string): EmlHeader[] {
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const headers: EmlHeader[] = [];
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const rawValue = line.slice(colon + 1).trim();
    // Header bytes are UTF-8 when a writer uses SMTPUTF8-style raw headers; latin1 round-trips the bytes.
    const utf8 = Buffer.from(rawValue, 'latin1').toString('utf8');
    headers.push({ name: line.slice(0, colon).trim(), value: decodeEncodedWords(utf8) });
  }
  return headers;
}

function header(headers: EmlHeader[], name: string): string | undefined {
  const key = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === key)?.value;
}

function param(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(value);
  return match ? (match[1] ?? match[2]) : undefined;
}

function parsePart(raw: Buffer): Part {
  const { head, body } = splitHeadersAndBody(raw);
  return { headers: parseHeaders(head), body };
}

function decodeBody(part: Part): string {
  const encoding = (header(part.headers, 'content-transfer-encoding') ?? '7bit').toLowerCase().trim();
  const charset = param(header(part.headers, 'content-type'), 'charset')?.toLowerCase();
  const latin = part.body.toString('latin1');
  if (encoding === 'base64') return decodeCharset(Buffer.from(latin.replace(/\s+/g, ''), 'base64'), charset);
  if (encoding === 'quoted-printable') return decodeCharset(decodeQuotedPrintable(latin), charset);
  return decodeCharset(part.body, charset);
}

function collectLeaves(part: Part, out: Part[]): void {
  const type = header(part.headers, 'content-type') ?? 'text/plain';
  const boundary = param(type, 'boundary');
  if (!type.toLowerCase().startsWith('multipart/') || !boundary) {
    out.push(part);
    return;
  }
  const body = part.body.toString('latin1');
  const delimiter = `--${boundary}`;
  const chunks = body.split(delimiter).slice(1);
  for (const chunk of chunks) {
    if (chunk.startsWith('--')) break;
    const trimmed = chunk.replace(/^\r?\n/, '').replace(/\r?\n$/, '');
    collectLeaves(parsePart(Buffer.from(trimmed, 'latin1')), out);
  }
}

/**
 * Parses a raw message into headers, HTML and text.
 * @example
 * const mail = parseEml(await readFile('outbox/1.eml'));
 * mail.subject; // 'Reset your password'
 */
export function parseEml(raw: Buffer | string): ParsedEml {
  const root = parsePart(typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw);
  const leaves: Part[] = [];
  collectLeaves(root, leaves);
  let html: string | null = null;
  let text: string | null = null;
  for (const leaf of leaves) {
    const type = (header(leaf.headers, 'content-type') ?? 'text/plain').toLowerCase();
    const disposition = (header(leaf.headers, 'content-disposition') ?? '').toLowerCase();
    if (disposition.startsWith('attachment')) continue;
    if (html === null && type.startsWith('text/html')) html = decodeBody(leaf);
    else if (text === null && type.startsWith('text/plain')) text = decodeBody(leaf);
  }
  return {
    headers: root.headers,
    subject: header(root.headers, 'subject') ?? '',
    from: header(root.headers, 'from') ?? '',
    to: header(root.headers, 'to') ?? '',
    date: header(root.headers, 'date') ?? null,
    messageId: header(root.headers, 'message-id') ?? null,
    html,
    text,
  };
}
