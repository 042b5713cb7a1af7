/**
 * The links a sent message carries, for tests that check where they point: every `href` of the HTML part and
 * every URL of the text part, as parsed by the studio's own `.eml` reader (`parseEml`, mailparser).
 */
import { parseEml } from '../../src/outbox/eml.js';

/** Character references in an attribute value, decoded as a browser would (`&amp;` → `&`, `&#x3D;` → `=`). */
function decodeAttribute(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
}

/** The `href` values of an HTML document, decoded. */
export function hrefsOf(html: string): string[] {
  return [...html.matchAll(/\bhref\s*=\s*"([^"]*)"/gi)].map((m) => decodeAttribute(m[1] ?? ''));
}

/** The http(s) URLs of a plain-text part. */
export function urlsOf(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>()"']+/g)].map((m) => m[0]);
}

/**
 * Every web link of one raw message (HTML hrefs and text URLs), `mailto:` left out.
 * @example const links = await linksOfEml(await readFile(file)); // ['https://my.acme.example/confirm?…', …]
 */
export async function linksOfEml(raw: Buffer | string): Promise<string[]> {
  const mail = await parseEml(raw);
  return [...hrefsOf(mail.html ?? ''), ...urlsOf(mail.text ?? '')].filter((url) => /^https?:/i.test(url));
}
