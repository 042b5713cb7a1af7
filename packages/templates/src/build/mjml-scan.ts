import { readFileSync } from 'node:fs';
import { type QuoteType, Tokenizer } from 'htmlparser2';

/**
 * MJML elements whose content MJML hands over as HTML instead of parsing it: inside them `<br>` and
 * `<img>` need no closing tag, and an `mj-*` tag is copied out as raw HTML that renders nothing.
 */
export const ENDING_TAGS = new Set([
  'mj-text',
  'mj-button',
  'mj-raw',
  'mj-table',
  'mj-navbar-link',
  'mj-accordion-title',
  'mj-accordion-text',
  'mj-social-element',
  'mj-title',
  'mj-preview',
  'mj-style',
]);

/** HTML elements that never have a closing tag. */
export const VOID_TAGS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/** One tag as written: where it starts (1-based line) and its attributes with their own lines. */
export interface ScannedTag {
  kind: 'open' | 'close' | 'self';
  name: string;
  line: number;
  attrs: { name: string; value: string; line: number }[];
}

/** Text between tags, with the line it starts on. */
export interface ScannedText {
  text: string;
  line: number;
}

/** A source file as a flat list of tags and texts in document order. */
export interface MjmlScan {
  file: string;
  items: (ScannedTag | ScannedText)[];
}

/** 1-based line of every offset, by binary search over the line starts. */
function lineFinder(text: string): (index: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (index) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/**
 * Tokenizes an MJML (or HTML) source exactly as written, before MJML's lenient parser repairs anything:
 * every opening, closing and self-closing tag and every text run, each with its line.
 * @example scanMjml('a.mjml', '<mj-text>\n<br></mj-text>').items.map((i) => 'name' in i ? i.kind + i.name : 'text')
 */
export function scanMjml(file: string, text: string = readFileSync(file, 'utf8')): MjmlScan {
  const lineAt = lineFinder(text);
  const items: MjmlScan['items'] = [];
  let tag: ScannedTag | null = null;
  let attr: { name: string; value: string; line: number } | null = null;
  const tokenizer = new Tokenizer(
    { xmlMode: true, decodeEntities: false },
    {
      onopentagname(start, end) {
        tag = { kind: 'open', name: text.slice(start, end).toLowerCase(), line: lineAt(start), attrs: [] };
      },
      onattribname(start, end) {
        attr = { name: text.slice(start, end).toLowerCase(), value: '', line: lineAt(start) };
      },
      onattribdata(start, end) {
        if (attr) attr.value += text.slice(start, end);
      },
      onattribentity() {},
      onattribend(_quote: QuoteType) {
        if (attr && tag) tag.attrs.push(attr);
        attr = null;
      },
      onopentagend() {
        if (tag) items.push(tag);
        tag = null;
      },
      onselfclosingtag() {
        if (tag) items.push({ ...tag, kind: 'self' });
        tag = null;
      },
      onclosetag(start, end) {
        items.push({
          kind: 'close',
          name: text.slice(start, end).toLowerCase(),
          line: lineAt(start),
          attrs: [],
        });
      },
      ontext(start, end) {
        items.push({ text: text.slice(start, end), line: lineAt(start) });
      },
      ontextentity() {},
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(text);
  tokenizer.end();
  return { file, items };
}

/**
 * Is this item a tag (not text)?
 * @example scan.items.filter(isTag)
 */
export function isTag(item: ScannedTag | ScannedText): item is ScannedTag {
  return 'kind' in item;
}
