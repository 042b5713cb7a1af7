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

/**
 * A file's new content, a function of its current content ('' when the file does not exist yet), or null
 * to delete it.
 */
export type Edit = string | null | ((text: string) => string);

/**
 * A copy of the fixture root with only the `probe` template (about 150 ms to check, where the oversized
 * one takes seconds), with `edits` applied (paths relative to the root). The caller removes it
 * (`cleanup()`); inside a test prefer `probeRoot`, which does that when the test finishes.
 * @example const root = seededRoot('cli', { 'templates/probe/subject.hbs': null }); try { … } finally { root.cleanup(); }
 */
export function seededRoot(
  prefix: string,
  edits: Record<string, Edit> = {},
): { path: string; cleanup(): void } {
  const dir = copyFixtureRoot(prefix);
  try {
    rmSync(join(dir.path, 'templates', 'oversized'), { recursive: true, force: true });
    for (const [file, edit] of Object.entries(edits)) applyEdit(join(dir.path, file), file, edit);
  } catch (err) {
    dir.cleanup();
    throw err;
  }
  return dir;
}

function applyEdit(path: string, file: string, edit: Edit): void {
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (edit === null) {
    if (!existsSync(path)) throw new Error(`cannot delete ${file}: it does not exist`);
    rmSync(path);
    return;
  }
  const after = typeof edit === 'string' ? edit : edit(before);
  if (after === before) throw new Error(`edit of ${file} changed nothing: the seeded defect is not there`);
  writeFileSync(path, after);
}

/**
 * `seededRoot`, removed when the current test finishes.
 * @example const root = probeRoot('img-alt', { 'templates/probe/email.mjml': (t) => t.replace(' alt="x"', '') });
 */
export function probeRoot(prefix: string, edits: Record<string, Edit> = {}): string {
  const dir = seededRoot(prefix, edits);
  onTestFinished(() => dir.cleanup());
  return dir.path;
}

/**
 * Builds and renders `root` once, then runs one rule over it, as `runChecks` does.
 * @example const findings = await checkRule(sizeRule, { root, requireAllTriggers: false });
 */
export async function checkRule(rule: CheckRule, opts: CheckOptions): Promise<CheckFinding[]> {
  return runRule(rule, await createCheckContext({ requireAllTriggers: false, ...opts }));
}
