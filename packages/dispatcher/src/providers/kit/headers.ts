/**
 * Reading one response header whatever shape an SDK exposes them in: a `Headers`-like object with `get()`
 * (fetch, Brevo's `rawResponse.headers`), or a plain record (axios, smithy's `$response.headers`).
 */

/**
 * The value of header `name` (case-insensitive for `get()`; exact or lower-case for records), or `undefined`.
 * @example readHeader({ 'retry-after': '2' }, 'Retry-After') // '2'
 */
export function readHeader(headers: unknown, name: string): unknown {
  if (!headers || typeof headers !== 'object') return undefined;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') {
    const value = (get as (n: string) => unknown).call(headers, name);
    if (value !== undefined && value !== null) return value;
  }
  const record = headers as Record<string, unknown>;
  return record[name] ?? record[name.toLowerCase()];
}
