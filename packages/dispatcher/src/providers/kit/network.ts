/**
 * Network failures: the error codes Node's sockets and DNS (and axios, which SendGrid and Mailgun use) give
 * a request that never got an answer, and the error names of an aborted or timed-out attempt. Every adapter
 * reads these as transient (try the next provider, or let Lambda retry).
 */

/** Node socket / DNS codes and axios' own codes for a request without an answer. */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ERR_CANCELED',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** Error names of an attempt that was aborted or timed out (our signal, axios' cancel, smithy's timeout). */
const ABORT_NAMES: ReadonlySet<string> = new Set(['AbortError', 'TimeoutError', 'CanceledError']);

/**
 * True when `code` is a network error code (`ECONNRESET`, `ERR_NETWORK`, …).
 * @example isNetworkCode('ECONNREFUSED') // true
 */
export function isNetworkCode(code: unknown): boolean {
  return typeof code === 'string' && NETWORK_ERROR_CODES.has(code);
}

/**
 * True when an error `name` says the attempt was aborted or timed out.
 * @example isAbortName('TimeoutError') // true
 */
export function isAbortName(name: unknown): boolean {
  return typeof name === 'string' && ABORT_NAMES.has(name);
}
