import { issuesFor } from '../build-issues.js';
import type { CheckRule } from '../rule.js';

/**
 * Every MJML tag is closed where it should be: the tags as written are compared with proper nesting, so
 * what MJML's lenient parser would close silently (an unclosed `mj-text` swallowing the next paragraphs,
 * even under strict validation) or drop (a closing tag with nothing to close) is an error at its line.
 * Found by the build (src/build/well-formed.ts), which refuses it too.
 * @example structureRule.check(ctx) // [{ file: '…/email.mjml', line: 12, message: '<mj-text> opened on line 12 is never closed: …' }]
 */
export const structureRule: CheckRule = {
  id: 'structure',
  description: 'MJML tags are closed and nested as written (no silent repairs)',
  fix: 'close the tag named before its parent closes (<mj-text>…</mj-text>), or remove the stray closing tag',
  check: (ctx) => issuesFor(ctx, 'structure'),
};
