import type { CheckContext } from '../context.js';
import { type RenderedOk, succeeded } from '../renderings.js';
import type { CheckRule, RuleFinding } from '../rule.js';

const kb = (bytes: number, digits: number) => (bytes / 1024).toFixed(digits);

function oversize(ctx: CheckContext, r: RenderedOk): RuleFinding | null {
  const { warnBytes, failBytes } = ctx.options;
  const bytes = Buffer.byteLength(r.email.html);
  if (bytes < warnBytes && bytes < failBytes) return null;
  const fail = bytes >= failBytes;
  const why = fail
    ? 'Gmail clips messages above ~102 KB'
    : `over the ${kb(warnBytes, 0)} KB warning line (Gmail clips at ~102 KB)`;
  return {
    severity: fail ? 'error' : 'warning',
    file: r.source.mjmlFile,
    line: null,
    message: `${r.label}: HTML is ${kb(bytes, 1)} KB; ${why}`,
    ...r.scope,
  };
}

/**
 * Rendered HTML stays under Gmail's clipping limit (error at `failBytes`, warning from `warnBytes`).
 * @example sizeRule.check(ctx) // [{ severity: 'error', message: 'probe/en/default: HTML is 150.3 KB; Gmail clips messages above ~102 KB' }]
 */
export const sizeRule: CheckRule = {
  id: 'size',
  description: "rendered HTML stays under Gmail's ~102 KB clipping limit",
  fix: 'shorten the email or move long content to a page it links to; Gmail hides everything past the limit',
  check: (ctx) => succeeded(ctx.renderings).flatMap((r) => oversize(ctx, r) ?? []),
};
