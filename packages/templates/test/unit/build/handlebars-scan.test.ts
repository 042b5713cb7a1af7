import { describe, expect, it } from 'vitest';
import { scanHandlebars, type UsedKey } from '../../../src/build/handlebars-scan.js';
import type { BuildIssue } from '../../../src/build/sources.js';

describe('scanHandlebars', () => {
  it('lists literal t keys in mustaches, sub-expressions and blocks with their lines', () => {
    const errors: BuildIssue[] = [];
    const keys: UsedKey[] = [];

    scanHandlebars(
      'f.mjml',
      '{{t ".a"}}\n{{attr "x" fallback=(t "b.c")}}\n{{#t ".d"}}{{/t}}\n{{t key}}',
      errors,
      keys,
    );

    expect(errors).toEqual([]);
    expect(keys).toEqual([
      { key: '.a', file: 'f.mjml', line: 1 },
      { key: 'b.c', file: 'f.mjml', line: 2 },
      { key: '.d', file: 'f.mjml', line: 3 },
    ]);
  });

  it('reports a syntax error with its line and the parser message', () => {
    const errors: BuildIssue[] = [];

    scanHandlebars('f.mjml', 'ok\ncode={{code}', errors, []);

    expect(errors).toEqual([
      { file: 'f.mjml', line: 2, message: expect.stringMatching(/^Handlebars: Expecting/) },
    ]);
  });
});
