import { describe, expect, it } from 'vitest';
import { shareShapes, tableLiterals } from '../../../src/build/emit.js';

describe('the string and shape tables', () => {
  it('moves long strings and source positions into shared tables, keeping keys and short strings', () => {
    const long = 'x'.repeat(30);
    const loc = '{"start":{"line":1,"column":2},"end":{"line":1,"column":9}}';
    const a = `a("${long}", {"loc":${loc}})`;
    const b = `b("${long}", "short", {"${long}":1}, ${loc})`;
    const { strings, locs, rewrite } = tableLiterals([a, b]);
    expect(strings).toEqual([long]);
    expect(locs).toEqual([[1, 2, 1, 9]]);
    expect(rewrite(a)).toBe('a(S[0], {"loc":L[0]})');
    expect(rewrite(b)).toBe(`b(S[0], "short", {"${long}":1}, L[0])`);
  });

  it('emits the code of brand and direction variants once, with per-spec index lists', () => {
    const { shapes, uses } = shareShapes(['f(S[3], L[1], S[3])', 'f(S[7], L[0], S[8])', 'g(S[3], "S[1]")']);
    expect(shapes).toEqual(['f($S[0], $L[0], $S[1])', 'g($S[0], "S[1]")']);
    expect(uses).toEqual([
      { shape: 0, strings: [3, 3], locs: [1] },
      { shape: 0, strings: [7, 8], locs: [0] },
      { shape: 1, strings: [3], locs: [] },
    ]);
  });
});
