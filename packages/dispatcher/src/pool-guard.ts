/**
 * What the pool guard step (pipeline/pool-guard.ts, step 3) checks: the ciphertext's `userpool-id` encryption
 * context (read from the public message header, ciphertext-keys.ts) must equal the event's `userPoolId`, and
 * `USER_POOL_ID` when set, before KMS is asked for anything. A foreign pool's ciphertext is then a
 * `security_context_mismatch` refusal with no KMS call, rather than a KMS AccessDenied (the role's Decrypt is
 * pool-scoped in AWS) logged as `KMS_CONFIG`.
 */
import { readMessageHeader } from './ciphertext-keys.js';

/** The reason logged when the ciphertext's `userpool-id` context names another pool (here and after decrypt). */
export const CIPHERTEXT_POOL_MISMATCH = 'ciphertext userpool-id encryption context differs from the event';

/** Why the guard refused, with the pool ids involved (no secrets: pool ids only). */
export interface PoolMismatch {
  reason: string;
  detail: {
    expected: string;
    eventUserPoolId: string;
    ciphertextUserPoolId?: string | null;
  };
}

/**
 * `undefined` when the event may go on to KMS; the mismatch otherwise. A code whose header cannot be read is
 * let through: the Encryption SDK refuses it (DECRYPT_FAILED) before any KMS call.
 * @example
 * const mismatch = checkPool({ code: event.request.code, eventUserPoolId: event.userPoolId, configuredUserPoolId });
 * if (mismatch) refuse(mismatch);
 */
export function checkPool(input: {
  code: string | null;
  eventUserPoolId: string;
  configuredUserPoolId: string | undefined;
}): PoolMismatch | undefined {
  const expected = input.configuredUserPoolId ?? input.eventUserPoolId;
  if (input.eventUserPoolId !== expected) {
    return {
      reason: 'event userPoolId differs from USER_POOL_ID',
      detail: { expected, eventUserPoolId: input.eventUserPoolId },
    };
  }
  if (!input.code) return undefined;
  const header = readMessageHeader(input.code);
  if (!header) return undefined;
  const ciphertextUserPoolId = header.encryptionContext['userpool-id'];
  if (ciphertextUserPoolId !== expected) {
    return {
      reason: CIPHERTEXT_POOL_MISMATCH,
      detail: {
        expected,
        eventUserPoolId: input.eventUserPoolId,
        ciphertextUserPoolId: ciphertextUserPoolId ?? null,
      },
    };
  }
  return undefined;
}
