/**
 * Step 3 of 9, pool guard (validate → route → pool guard → decrypt → recipient → render → compose → deliver
 * → report): the event's pool (and `USER_POOL_ID`) against the ciphertext's `userpool-id` context, read from
 * the public message header before KMS is asked for anything (../pool-guard.ts). A mismatch writes a
 * `security_context_mismatch` line and fails with `CONTEXT_MISMATCH` (permanent).
 */
import type { OutcomeFacts } from '@mailroom/shared-types';
import { contextMismatch } from '../errors.js';
import { checkPool } from '../pool-guard.js';
import type { Runtime } from '../runtime.js';
import type { Routed } from './delivery.js';

/**
 * Logs the security line (pool ids only, no secrets); the decrypt step writes it too when the authenticated
 * context disagrees.
 * @example logContextMismatch(rt, facts, 'event userPoolId differs from USER_POOL_ID', { expected, eventUserPoolId });
 */
export function logContextMismatch(
  rt: Runtime,
  facts: OutcomeFacts,
  reason: string,
  detail: Record<string, unknown>,
): void {
  rt.log.error(
    {
      event: 'security_context_mismatch',
      requestId: facts.requestId,
      trigger: facts.trigger,
      reason,
      ...detail,
    },
    'security: user pool context mismatch',
  );
}

/**
 * Passes the delivery on unchanged when the pools match; throws `CONTEXT_MISMATCH` otherwise.
 * @example const guarded = guardPool(routed, rt);
 */
export function guardPool(routed: Routed, rt: Runtime): Routed {
  const mismatch = checkPool({
    code: routed.ciphertext,
    eventUserPoolId: routed.event.userPoolId,
    configuredUserPoolId: rt.config.userPoolId,
  });
  if (mismatch) {
    logContextMismatch(rt, routed.facts, mismatch.reason, mismatch.detail);
    throw contextMismatch();
  }
  return routed;
}
