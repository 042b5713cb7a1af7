import { triggerInfo } from '@mailroom/shared-types';
import type { RenderedOk } from './renderings.js';

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
  '&#x3D;': '=',
  '&#x60;': '`',
  '&nbsp;': ' ',
};

/** URLs in running text (a code inside one is not something a reader can type). */
const URL = /\b(?:https?|mailto):[^\s<>"]+/gi;

/**
 * The text a reader sees in an HTML part: no head, styles, comments, tags (so no attribute values) or
 * URLs, entities decoded.
 * @example visibleHtmlText('<a href="https://x/?c=1">Code 1</a>') // 'Code 1'
 */
export function visibleHtmlText(html: string): string {
  return html
    .replace(/<head[\s\S]*?<\/head>|<style[\s\S]*?<\/style>|<!--[\s\S]*?-->/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|nbsp|#x27|#39|#x3D|#x60);/g, (e) => ENTITIES[e] ?? e)
    .replace(URL, ' ');
}

/**
 * The plain-text part without its URLs.
 * @example textOutsideUrls('Code: 42\nhttps://x/?code=42') // 'Code: 42\n '
 */
export function textOutsideUrls(text: string): string {
  return text.replace(URL, ' ');
}

/**
 * The code this rendering must show: the state's code when the template's trigger carries one.
 * @example codeToShow(rendering) // '482915' (null for account take-over)
 */
export function codeToShow(r: RenderedOk): string | null {
  const kind = triggerInfo(r.source.trigger)?.codeKind;
  const code = r.state.data.code;
  return kind && kind !== 'none' && code ? String(code) : null;
}
