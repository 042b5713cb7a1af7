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

describe('one problem, one finding', () => {
  // Regression guard (issue 16): one mistyped translation key yielded 8 findings (one per locale, then one
  // render failure per brand × locale × state); it is one problem, reported once where it is typed.
  it('reports a mistyped translation key as one finding in one group, at the use, naming every locale', async () => {
    // Arrange: the typo, in a template with a second preview state (so 4 renderings fail)
    const root = probeRoot('one-typo', {
      'templates/probe/email.mjml': (t) => t.replace('{{t ".cta"}}', '{{t ".cat"}}'),
      'templates/probe/preview.json': (t) =>
        t.replace(
          '"states": {',
          '"states": { "second": { "description": "Another state", "data": { "code": "654321", "username": "u2", "userAttributes": { "email": "q@example.com", "plan": "free" } } },',
        ),
    });

    // Act
    const { exitCode, output } = await checkMain(['--root', root, '--allow-missing-triggers'], PACKAGE_DIR);

    // Assert
    const groups = output.split('\n').filter((l) => /^\[[\w-]+\] /.test(l));
    const errors = output.split('\n').filter((l) => /^ {2}error /.test(l));
    expect(exitCode, output).toBe(1);
    expect(groups, output).toEqual([expect.stringMatching(/^\[missing-translation\] .*: 1 error\(s\)$/)]);
    expect(errors, output).toEqual([
      expect.stringMatching(
        /\/templates\/probe\/email\.mjml:13 {2}"probe\.cat" is in no locale \(missing from en\.json, fr\.json\)/,
      ),
    ]);
    expect(output).toMatch(/\n4 renders, 1 error\(s\), 0 warning\(s\) in \d+ ms$/);
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
