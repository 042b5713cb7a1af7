import { describe, expect, it } from 'vitest';
import { firstPerKey } from '../../../src/check/first-per-key.js';
import type { RuleFinding } from '../../../src/check/index.js';

const finding = (message: string): RuleFinding => ({ severity: 'error', file: null, line: null, message });

describe('firstPerKey', () => {
  it('keeps the first finding per key, in order', () => {
    const a = finding('a (en)');
    const b = finding('b');
    expect(
      firstPerKey([
        { key: 'a', finding: a },
        { key: 'b', finding: b },
        { key: 'a', finding: finding('a (fr)') },
      ]),
    ).toEqual([a, b]);
  });
});
