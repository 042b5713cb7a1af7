import { describe, expect, it } from 'vitest';
import { checkMain } from '../../../src/check/main.js';
import { probeRoot } from '../../support/check.js';
import { SEEDED_DEFECTS } from '../../support/defects.js';
import { PACKAGE_DIR } from '../../support/temp.js';

/** The lines of one rule's group in the CLI output (`[rule] …` header up to the next blank line). */
function groupOf(out: string, rule: string): string {
  const start = out.indexOf(`[${rule}] `);
  if (start < 0) return '';
  const end = out.indexOf('\n\n', start);
  return out.slice(start, end < 0 ? undefined : end);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Issue 16, done when: every defect of item 1, seeded alone, makes `check` exit non-zero naming file and
// line. `checkMain` is the command minus the process (test/e2e/cli.test.ts runs the real one).
describe('check refuses every seeded defect', () => {
  it.each(SEEDED_DEFECTS)('$rule: $defect', async ({ rule, edits, file, line }) => {
    const root = probeRoot(`defect-${rule}`, edits);

    const { exitCode, output } = await checkMain(['--root', root, '--allow-missing-triggers'], PACKAGE_DIR);

    const group = groupOf(output, rule);
    expect(exitCode, output).toBe(1);
    expect(group, output).toMatch(/^\[[\w-]+\] .*: \d+ error\(s\)/);
    expect(group, output).toMatch(
      new RegExp(`\\n  error\\s+\\S*/${escapeRegExp(file)}${line ? `:${line}` : ''}  \\S`),
    );
  });
});

describe('checkMain', () => {
  it('exits 0 and says so for the clean fixture', async () => {
    const { exitCode, output } = await checkMain([
      '--root',
      probeRoot('main-clean'),
      '--allow-missing-triggers',
    ]);

    expect(output).toMatch(/\n2 renders, 0 error\(s\), 0 warning\(s\) in \d+ ms$/);
    expect(exitCode).toBe(0);
  });
});
