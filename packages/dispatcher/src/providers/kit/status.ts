/**
 * Status classification shared by the HTTP adapters: what an answered request's status means for the
 * failover chain. Each adapter names only what differs at its provider (Brevo's 402 for exhausted credits,
 * Mailgun's 404 for an unknown domain); the transient and rejected ranges are the same everywhere.
 */
import type { FailureClass } from '../types.js';

/** Statuses that say "our account at this provider is broken" unless an adapter names its own. */
export const AUTH_STATUSES: readonly number[] = [401, 403];

/**
 * True for 408, 429 and every 5xx: the provider may accept the same request later (or another one now).
 * @example isTransientStatus(503) // true
 */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Classifies an HTTP answer: `auth` statuses (default 401/403) are provider-auth; 408/429/5xx transient,
 * carrying `retryAfterMs` when given; every other status rejected (the message or recipient: no other
 * provider would accept it either).
 * @example
 * classifyStatus(429, 'SendGrid answered HTTP 429', { retryAfterMs: 2000 })
 * // { kind: 'transient', status: 429, retryAfterMs: 2000, reason: 'SendGrid answered HTTP 429' }
 */
export function classifyStatus(
  status: number,
  reason: string,
  options: { auth?: readonly number[]; retryAfterMs?: number | undefined } = {},
): FailureClass {
  if ((options.auth ?? AUTH_STATUSES).includes(status)) return { kind: 'provider-auth', status, reason };
  if (isTransientStatus(status)) return transientStatus(status, reason, options.retryAfterMs);
  return { kind: 'rejected', status, reason };
}

/**
 * A transient failure with its status, and `retryAfterMs` only when the provider sent one.
 * @example transientStatus(503, 'SES answered HTTP 503', undefined) // { kind: 'transient', status: 503, reason: … }
 */
export function transientStatus(
  status: number,
  reason: string,
  retryAfterMs: number | undefined,
): FailureClass {
  return retryAfterMs === undefined
    ? { kind: 'transient', status, reason }
    : { kind: 'transient', status, retryAfterMs, reason };
}
