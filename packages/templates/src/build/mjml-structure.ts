import {
  ENDING_TAGS,
  isTag,
  type MjmlScan,
  type ScannedTag,
  type ScannedText,
  VOID_TAGS,
} from './mjml-scan.js';

/** HTML elements whose closing tag is optional (a `<td>` closes the previous one), inside ending tags. */
const OPTIONAL_END = new Set([
  'p',
  'li',
  'dt',
  'dd',
  'tr',
  'td',
  'th',
  'thead',
  'tbody',
  'tfoot',
  'option',
  'colgroup',
]);

/** What the source does that MJML repairs or drops without a word. */
export interface StructureProblem {
  kind: 'unclosed' | 'stray' | 'nested-mjml';
  line: number;
  message: string;
}

/** The text inside one (outermost) ending tag such as `mj-text`, in order, inner HTML tags removed. */
export interface EndingContent {
  tag: string;
  line: number;
  texts: ScannedText[];
  /** Inner HTML tags, for their attributes (`href`, `src`). */
  tags: ScannedTag[];
}

interface Open {
  name: string;
  line: number;
  /** Opened inside an ending tag's content (HTML rules apply). */
  inside: boolean;
}

interface Walk {
  items: MjmlScan['items'];
  /** Index of the item being walked. */
  at: number;
  stack: Open[];
  /** Index in `stack` of the outermost ending tag we are inside, or -1. */
  ending: number;
  problems: StructureProblem[];
  contents: EndingContent[];
}

function closeImplicitly(walk: Walk, from: number, by: string | null, line: number): void {
  for (let j = walk.stack.length - 1; j >= from; j--) {
    const el = walk.stack[j];
    if (!el || (el.inside && OPTIONAL_END.has(el.name))) continue;
    const where = by ? `MJML closes it silently at </${by}> on line ${line}` : 'MJML closes it at the end';
    walk.problems.push({
      kind: 'unclosed',
      line: el.line,
      message: `<${el.name}> opened on line ${el.line} is never closed: ${where}`,
    });
  }
  walk.stack.length = from;
  if (walk.ending >= from) walk.ending = -1;
}

/**
 * MJML met inside an ending tag: either the ending tag was never closed (its `</mj-text>` comes only after
 * another `<mj-text>` opens, so MJML swallows everything up to there: one finding, then carry on as if it
 * had been closed), or MJML really is written inside it (copied out raw).
 */
function mjmlInsideEnding(walk: Walk, tag: ScannedTag): void {
  const host = walk.stack[walk.ending] as Open;
  let reopened = false;
  let closeLine: number | null = null;
  for (let i = walk.at; i < walk.items.length && closeLine === null; i++) {
    const item = walk.items[i];
    if (!item || !isTag(item) || item.name !== host.name) continue;
    if (item.kind === 'close') closeLine = item.line;
    else if (item.kind === 'open') reopened = true;
  }
  if (reopened || closeLine === null) {
    const until = closeLine === null ? 'the end of the file' : `the next </${host.name}> (line ${closeLine})`;
    walk.problems.push({
      kind: 'unclosed',
      line: host.line,
      message: `<${host.name}> opened on line ${host.line} is never closed: MJML swallows everything up to ${until}`,
    });
    walk.stack.length = walk.ending;
    walk.ending = -1;
    return;
  }
  walk.problems.push({
    kind: 'nested-mjml',
    line: tag.line,
    message: `<${tag.name}> inside <${host.name}> (line ${host.line}) is copied out as raw HTML and renders nothing`,
  });
}

function open(walk: Walk, tag: ScannedTag): void {
  if (walk.ending >= 0 && tag.name.startsWith('mj-')) mjmlInsideEnding(walk, tag);
  const inside = walk.ending >= 0;
  if (tag.kind === 'self' || VOID_TAGS.has(tag.name)) {
    if (inside) walk.contents.at(-1)?.tags.push(tag);
    return;
  }
  walk.stack.push({ name: tag.name, line: tag.line, inside });
  if (inside) walk.contents.at(-1)?.tags.push(tag);
  else if (ENDING_TAGS.has(tag.name)) {
    walk.ending = walk.stack.length - 1;
    walk.contents.push({ tag: tag.name, line: tag.line, texts: [], tags: [] });
  }
}

function close(walk: Walk, tag: ScannedTag): void {
  if (VOID_TAGS.has(tag.name)) return;
  let idx = walk.stack.length - 1;
  while (idx >= 0 && walk.stack[idx]?.name !== tag.name) idx--;
  if (idx < 0) {
    walk.problems.push({
      kind: 'stray',
      line: tag.line,
      message: `</${tag.name}> on line ${tag.line} closes nothing (no open <${tag.name}>): MJML drops it`,
    });
    return;
  }
  closeImplicitly(walk, idx + 1, tag.name, tag.line);
  walk.stack.length = idx;
  if (walk.ending >= idx) walk.ending = -1;
}

/**
 * Compares the tags as written with proper nesting: every tag MJML's lenient parser would close
 * implicitly (an unclosed `mj-text` swallowing the next paragraphs), every closing tag with no opening
 * one, and MJML written inside an ending tag; plus the text of every ending tag for the prose rules.
 * Inside ending tags the content is HTML: `<br>`, `<img>` and optional end tags (`<td>`, `<p>`) are fine.
 * @example structureOf(scanMjml(file)).problems // [{ kind: 'unclosed', line: 12, message: '<mj-text> opened on line 12 …' }]
 */
export function structureOf(scan: MjmlScan): { problems: StructureProblem[]; contents: EndingContent[] } {
  const walk: Walk = { items: scan.items, at: 0, stack: [], ending: -1, problems: [], contents: [] };
  for (const [index, item] of scan.items.entries()) {
    walk.at = index;
    if (!isTag(item)) {
      if (walk.ending >= 0) walk.contents.at(-1)?.texts.push(item);
      continue;
    }
    if (item.kind === 'close') close(walk, item);
    else open(walk, item);
  }
  closeImplicitly(walk, 0, null, 0);
  walk.problems.sort((a, b) => a.line - b.line);
  return { problems: walk.problems, contents: walk.contents };
}
