import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import {
  type CheckFinding,
  type CheckOptions,
  type CheckRule,
  createCheckContext,
  runRule,
} from '../../src/check/index.js';
import { copyFixtureRoot } from './temp.js';

/** A file's new content, or a function of its current content ('' when the file does not exist yet). */
export type Edit = string | ((text: string) => string);

/**
 * A copy of the fixture root with only the `probe` template (about 150 ms to check, where the oversized
 * one takes seconds), with `edits` applied (paths relative to the root). Removed when the test finishes.
 * @example const root = probeRoot('img-alt', { 'templates/probe/email.mjml': (t) => t.replace(' alt="x"', '') });
 */
export function probeRoot(prefix: string, edits: Record<string, Edit> = {}): string {
  const dir = copyFixtureRoot(prefix);
  onTestFinished(() => dir.cleanup());
  rmSync(join(dir.path, 'templates', 'oversized'), { recursive: true, force: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir.path, file);
    const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const after = typeof edit === 'string' ? edit : edit(before);
    if (after === before) throw new Error(`edit of ${file} changed nothing: the seeded defect is not there`);
    writeFileSync(path, after);
  }
  return dir.path;
}

/**
 * Builds and renders `root` once, then runs one rule over it, as `runChecks` does.
 * @example const findings = await checkRule(sizeRule, { root, requireAllTriggers: false });
 */
export async function checkRule(rule: CheckRule, opts: CheckOptions): Promise<CheckFinding[]> {
  return runRule(rule, await createCheckContext({ requireAllTriggers: false, ...opts }));
}
