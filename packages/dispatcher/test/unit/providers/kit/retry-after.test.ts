/** The one Retry-After reader (src/providers/kit/retry-after.ts); moved here from failover and SendGrid tests. */
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../../src/providers/kit/retry-after.js';

describe('parseRetryAfter', () => {
  it.each([
    ['2', 2_000],
    ['0', 0],
    ['1.5', 1_500],
    [3, 3_000],
    [['4'], 4_000],
  ] as const)('reads %j as %i ms', (value, ms) => {
    expect(parseRetryAfter(value)).toBe(ms);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-11-21T22:00:00Z');

    expect(parseRetryAfter('Sat, 21 Nov 2026 22:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(5_000);
  });

  it('reads a date already past as no wait', () => {
    const now = Date.parse('2026-11-21T22:00:10Z');

    expect(parseRetryAfter('Sat, 21 Nov 2026 22:00:05 GMT', now)).toBe(0);
  });

  it.each([undefined, '', 'soon', -1, Number.NaN])('ignores %j', (value) => {
    expect(parseRetryAfter(value)).toBeUndefined();
  });

  // Regression: failover.ts rounded to the nearest ms and sendgrid.ts not at all, so the two disagreed.
  it.each([
    ['0.0004', 1],
    [0.0015, 2],
    ['1.1', 1_100],
    [2.0001, 2_001],
  ] as const)('rounds %j s up to whole milliseconds (%i), never retrying early', (value, ms) => {
    expect(parseRetryAfter(value)).toBe(ms);
  });
});
