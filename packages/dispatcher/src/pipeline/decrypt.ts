/**
 * Step 4 of 9, decrypt (validate → route → pool guard → decrypt → recipient → render → compose → deliver →
 * report): the Encryption SDK with the KMS keyring (../decrypt.ts: suite 0x0378 only, one data key). The
 * `userpool-id` context is checked again once the SDK has authenticated it; an AdminCreateUser temporary
 * password is unescaped (Cognito HTML-escapes it before encrypting).
 */

import { unescapeTemporaryPassword } from '../decrypt.js';
import { contextMismatch } from '../errors.js';
import { CIPHERTEXT_POOL_MISMATCH } from '../pool-guard.js';
import type { Runtime } from '../runtime.js';
import type { Decrypted, Routed } from './delivery.js';
import { logContextMismatch } from './pool-guard.js';

/**
 * Decrypts the code (when the trigger carries one). Throws `DecryptError` or `CONTEXT_MISMATCH`.
 * @example const decrypted = await decrypt(guarded, rt); decrypted.code // '123456'
 */
export async function decrypt(routed: Routed, rt: Runtime): Promise<Decrypted> {
  if (!routed.ciphertext) return { ...routed, code: null };
  const { event, route } = routed;
  const decrypted = await rt.decryptor.decrypt(routed.ciphertext);
  const expected = rt.config.userPoolId ?? event.userPoolId;
  if (decrypted.userPoolId !== event.userPoolId || decrypted.userPoolId !== expected) {
    logContextMismatch(rt, routed.facts, CIPHERTEXT_POOL_MISMATCH, {
      expected,
      eventUserPoolId: event.userPoolId,
      ciphertextUserPoolId: decrypted.userPoolId ?? null,
    });
    throw contextMismatch();
  }
  const code =
    route.trigger.codeKind === 'temporaryPassword'
      ? unescapeTemporaryPassword(decrypted.plaintext)
      : decrypted.plaintext;
  return { ...routed, code };
}
