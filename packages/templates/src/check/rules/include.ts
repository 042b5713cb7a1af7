import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { CheckContext } from '../context.js';
import { isTag, type ScannedTag } from '../mjml-scan.js';
import type { CheckRule, RuleFinding } from '../rule.js';
import type { MjmlSource } from '../source-files.js';

/** The file MJML would read for an include path (an extension-less MJML include gets `.mjml`). */
function target(from: string, path: string, type: string | undefined): string {
  const full = resolve(dirname(from), path);
  if (type && type !== 'mjml') return full;
  return full.endsWith('.mjml') || existsSync(full) ? full : `${full}.mjml`;
}

function problemOf(ctx: CheckContext, from: string, tag: ScannedTag): string | null {
  const path = tag.attrs.find((a) => a.name === 'path')?.value;
  if (!path) return '<mj-include> has no path: it includes nothing';
  const type = tag.attrs.find((a) => a.name === 'type')?.value;
  const file = target(from, path, type);
  const shown = `mj-include "${path}"`;
  if (relative(ctx.root, file).startsWith('..')) {
    return `${shown} points outside the package: MJML denies it and the section disappears`;
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    return `${shown}: ${ctx.relative(file)} does not exist: MJML leaves <!-- mj-include denied --> and the section disappears`;
  }
  const content = readFileSync(file, 'utf8')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trim();
  if (!content || /^<mjml>\s*<\/mjml>$/.test(content))
    return `${shown} resolves to nothing (${ctx.relative(file)} is empty)`;
  return null;
}

function includeProblems(ctx: CheckContext, m: MjmlSource): RuleFinding[] {
  return m.scan.items.flatMap((item) => {
    if (!isTag(item) || item.kind === 'close' || item.name !== 'mj-include') return [];
    const message = problemOf(ctx, m.source.file, item);
    return message ? [{ severity: 'error' as const, file: m.source.file, line: item.line, message }] : [];
  });
}

/**
 * Every `mj-include` resolves to a file with something in it, inside the package: MJML 5 drops a missing
 * or denied include silently (an `mj-include denied` comment) and the section just disappears.
 * @example includeRule.check(ctx) // [{ line: 17, message: 'mj-include "../../partials/cta.mjml": partials/cta.mjml does not exist: …' }]
 */
export const includeRule: CheckRule = {
  id: 'include',
  description: 'every mj-include resolves to a non-empty file in the package',
  fix: 'fix the path (relative to the including file, e.g. ../../partials/button.mjml) or create the partial',
  check: (ctx) => ctx.mjml.flatMap((m) => includeProblems(ctx, m)),
};
