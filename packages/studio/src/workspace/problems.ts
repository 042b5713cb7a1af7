/** Build issues as the overlay shows them: the file relative to the source root, the line, a code frame. */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { BuildIssue } from '@mailroom/templates/build';
import type { BuildProblem } from '../types.js';

/**
 * A path relative to the source root (absolute paths outside it stay as they are).
 * @example relativeToRoot('/t', '/t/templates/sign-up/email.mjml') // 'templates/sign-up/email.mjml'
 */
export function relativeToRoot(root: string, file: string): string {
  return isAbsolute(file) ? relative(root, file) || file : file;
}

/**
 * A few source lines around `line`, for the overlay; `undefined` without a line or a readable file.
 * @example codeFrame('/t/templates/sign-up/email.mjml', 12) // [{ line: 9, text: '…' }, …]
 */
export function codeFrame(file: string, line: number | null): BuildProblem['frame'] {
  if (!line || !existsSync(file)) return undefined;
  try {
    const lines = readFileSync(file, 'utf8').split(/\r?\n/);
    const start = Math.max(1, line - 3);
    const end = Math.min(lines.length, line + 2);
    const frame: { line: number; text: string }[] = [];
    for (let n = start; n <= end; n++) frame.push({ line: n, text: lines[n - 1] ?? '' });
    return frame;
  } catch {
    return undefined;
  }
}

/**
 * One build issue as a problem the overlay shows.
 * @example toProblem('/t', { file: 'templates/x/email.mjml', line: 3, message: 'unclosed <mj-text>' })
 */
export function toProblem(root: string, issue: BuildIssue): BuildProblem {
  const file = isAbsolute(issue.file) ? issue.file : join(root, issue.file);
  const frame = codeFrame(file, issue.line);
  return {
    file: relativeToRoot(root, issue.file),
    line: issue.line,
    column: null,
    message: issue.message,
    ...(frame ? { frame } : {}),
  };
}
