import { compile as compileHtmlToText } from 'html-to-text';

interface Node {
  type?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: Node[];
}

/** Visible text of a link; an image inside counts by its alt text (app-store badges, logos). */
function textOf(nodes: Node[] | undefined): string {
  return (nodes ?? [])
    .map((n) => {
      if (n.type === 'text') return n.data ?? '';
      if (n.type === 'tag' && (n as { name?: string }).name === 'img') return n.attribs?.alt ?? '';
      return textOf(n.children);
    })
    .join('');
}

/**
 * Converts build-time HTML (still full of `{{…}}`) to a plain-text body template. Links become
 * "label: url" so a reader of the text part can still act; Handlebars expressions pass through because
 * they are plain text to the converter and word-wrapping is off (it could split an expression).
 */
const convert = compileHtmlToText({
  wordwrap: false,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: '.mr-no-text', format: 'skip' },
    { selector: 'a', format: 'mailroomLink' },
    ...['h1', 'h2', 'h3', 'h4'].map((selector) => ({
      selector,
      format: 'heading',
      options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 },
    })),
    { selector: 'p', format: 'paragraph', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    // MJML puts each mj-text in a div directly inside a td: give those paragraphs room to breathe.
    { selector: 'td > div', format: 'block', options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
  ],
  formatters: {
    mailroomLink(elem, walk, builder) {
      const node = elem as Node;
      const href = node.attribs?.href ?? '';
      const label = textOf(node.children).replace(/\s+/g, ' ').trim();
      const same = label === href || `mailto:${label}` === href;
      if (!href || href.startsWith('#')) walk(node.children as never, builder);
      else if (same) builder.addInline(label, { noWordTransform: true });
      else builder.addInline(label ? `${label}: ${href}` : href, { noWordTransform: true });
    },
  },
});

/** MJML's hidden preheader duplicates the first lines; the text part has no use for it. */
const PREHEADER = /<div style="display:none;font-size:1px;[^"]*">[\s\S]*?<\/div>/;

/**
 * Generates the text part template from compiled HTML.
 * @example htmlToTextTemplate('<a href="{{links.verify}}">Verify</a>') // 'Verify: {{links.verify}}'
 */
export function htmlToTextTemplate(html: string): string {
  const lines = convert(html.replace(PREHEADER, ''))
    .split('\n')
    .map((l) => l.trimEnd());
  // An icon link next to its text link (mj-social) reads twice in plain text: keep one.
  let previous = '';
  const kept = lines.filter((line) => {
    if (!line) return true;
    const duplicate = line === previous && /:\s\S+/.test(line);
    previous = line;
    return !duplicate;
  });
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
