import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { isTag, type ScannedTag, scanMjml } from './mjml-scan.js';
import { structureOf } from './mjml-structure.js';
import type { BuildIssue } from './sources.js';

/** The file MJML would read for an include path (an extension-less MJML include gets `.mjml`). */
function target(from: string, path: string, type: string | undefined): string {
  const full = resolve(dirname(from), path);
  if (type && type !== 'mjml') return full;
  return full.endsWith('.mjml') || existsSync(full) ? full : `${full}.mjml`;
}

function includeProblem(root: string, from: string, tag: ScannedTag): string | null {
  const path = tag.attrs.find((a) => a.name === 'path')?.value;
  if (!path) return '<mj-include> has no path: it includes nothing';
  const file = target(from, path, tag.attrs.find((a) => a.name === 'type')?.value);
  const shown = `mj-include "${path}"`;
  const rel = relative(root, file);
  if (rel.startsWith('..'))
    return `${shown} points outside the package: MJML denies it and the section disappears`;
  if (!existsSync(file) || !statSync(file).isFile()) {
    return `${shown}: ${rel} does not exist: MJML leaves <!-- mj-include denied --> and the section disappears`;
  }
  const content = readFileSync(file, 'utf8')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trim();
  if (!content || /^<mjml>\s*<\/mjml>$/.test(content))
    return `${shown} resolves to nothing (${rel} is empty)`;
  return null;
}

/**
 * What MJML's lenient parser would repair or drop without a word, in the MJML files as written: tags it
 * closes implicitly or drops (`structure`) and includes that resolve to nothing (`include`). The build
 * refuses them, so the studio shows them at once and nothing silently loses a paragraph.
 * @example wellFormedIssues(root, includedFiles(mjmlFile)) // [{ rule: 'structure', line: 12, message: '<mj-text> opened on line 12 is never closed: …' }]
 */
export function wellFormedIssues(root: string, files: readonly string[]): BuildIssue[] {
  const issues: BuildIssue[] = [];
  for (const file of files) {
    const scan = scanMjml(file);
    for (const p of structureOf(scan).problems) {
      if (p.kind !== 'nested-mjml')
        issues.push({ file, line: p.line, message: p.message, rule: 'structure' });
    }
    for (const item of scan.items) {
      if (!isTag(item) || item.kind === 'close' || item.name !== 'mj-include') continue;
      const message = includeProblem(root, file, item);
      if (message) issues.push({ file, line: item.line, message, rule: 'include' });
    }
  }
  return issues;
}
