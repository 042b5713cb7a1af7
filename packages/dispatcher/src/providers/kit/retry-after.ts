/**
 * The one `Retry-After` reader of the provider kit, for every adapter whose SDK exposes response headers.
 *
 * Rounding: UP to the next whole millisecond. `Retry-After` is a lower bound ("do not come back before"), so
 * rounding to the nearest millisecond (what failover.ts did) could retry up to half a millisecond early, and
 * not rounding at all (what sendgrid.ts did for numbers) handed fractional milliseconds to timers and to the
 * failover's "does the wait still fit" arithmetic. A tiny tolerance keeps binary floating point from turning
 * `1.1` s into 1101 ms.
 */

/** Absorbs floating-point noise (`1.1 * 1000 = 1100.0000000000002`) before rounding up. */
const FLOAT_NOISE_MS = 1e-6;

function secondsToMs(seconds: number): number {
  return Math.max(0, Math.ceil(seconds * 1000 - FLOAT_NOISE_MS));
}

/**
 * Parses a `Retry-After` value (delta-seconds or an HTTP date; a number or the first of an array) into whole
 * milliseconds, rounded up; `undefined` when absent, negative or unreadable.
 * @example
 * parseRetryAfter('2') // 2000
 * parseRetryAfter('Sat, 21 Nov 2026 22:00:05 GMT', Date.parse('2026-11-21T22:00:00Z')) // 5000
 */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? secondsToMs(raw) : undefined;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return secondsToMs(Number(text));
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil(date - now));
}
