import { isTag, type ScannedTag } from '../../build/mjml-scan.js';
import { issuesFor } from '../build-issues.js';
import type { CheckRule, RuleFinding } from '../rule.js';
import type { MjmlSource } from '../source-files.js';

function finding(m: MjmlSource, line: number, message: string): RuleFinding {
  return { severity: 'error', file: m.source.file, line, message };
}

interface RootWalk {
  depth: number;
  roots: number;
  seen: Map<string, number>;
  out: RuleFinding[];
}

function openAtRoot(m: MjmlSource, w: RootWalk, tag: ScannedTag): void {
  if (w.depth === 0 && ++w.roots > 1)
    w.out.push(finding(m, tag.line, `<${tag.name}> after </mjml> is dropped`));
  if (w.depth === 1 && (tag.name === 'mj-head' || tag.name === 'mj-body')) {
    const first = w.seen.get(tag.name);
    if (first) w.out.push(finding(m, tag.line, `a second <${tag.name}> (first on line ${first}) is ignored`));
    else w.seen.set(tag.name, tag.line);
  }
  if (tag.kind === 'open') w.depth++;
}

/** email.mjml: one `<mjml>` root holding at most one mj-head and one mj-body, nothing after it. */
function documentProblems(m: MjmlSource): RuleFinding[] {
  const w: RootWalk = { depth: 0, roots: 0, seen: new Map(), out: [] };
  for (const item of m.scan.items) {
    if (!isTag(item)) {
      if (w.depth === 0 && item.text.trim())
        w.out.push(finding(m, item.line, 'text outside <mjml> is dropped'));
    } else if (item.kind === 'close') w.depth = Math.max(0, w.depth - 1);
    else openAtRoot(m, w, item);
  }
  return w.out;
}

/**
 * MJML sits where it can render: the nesting strict MJML allows (no mj-section in a column, no mj-text
 * straight in mj-body), no MJML inside an ending tag's HTML (copied out raw, renders nothing), one
 * mj-head and one mj-body in one `<mjml>` root.
 * @example placementRule.check(ctx) // [{ line: 14, message: '<mj-button> inside <mj-text> (line 13) is copied out as raw HTML …' }]
 */
export const placementRule: CheckRule = {
  id: 'placement',
  description: 'MJML elements sit where they render',
  fix: 'move the element: sections go in mj-body/mj-wrapper, content (mj-text, mj-button, mj-image) in mj-column, head elements in mj-head',
  check: (ctx) => [
    ...issuesFor(ctx, 'placement'),
    ...ctx.mjml.flatMap((m) => [
      ...m.problems.filter((p) => p.kind === 'nested-mjml').map((p) => finding(m, p.line, p.message)),
      ...(m.source.kind === 'document' ? documentProblems(m) : []),
    ]),
  ],
};
