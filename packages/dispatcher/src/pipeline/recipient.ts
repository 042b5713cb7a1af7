/**
 * Step 5 of 9, recipient (validate → route → pool guard → decrypt → recipient → render → compose → deliver →
 * report): the event's `email` attribute, or an `AdminGetUser` lookup (takeover events may carry none;
 * ../recipient.ts). The outcome shows the address masked unless `LOG_PII=true`.
 */
import { maskEmail } from '../logger.js';
import type { Runtime } from '../runtime.js';
import type { Addressed, Decrypted } from './delivery.js';

/**
 * Finds the address. Throws `NO_RECIPIENT` or `RECIPIENT_LOOKUP_FAILED`.
 * @example const addressed = await findRecipient(decrypted, rt); addressed.recipient.address
 */
export async function findRecipient(decrypted: Decrypted, rt: Runtime): Promise<Addressed> {
  const { event } = decrypted;
  const recipient = await rt.recipients.resolve({
    userPoolId: event.userPoolId,
    userName: event.userName,
    region: event.region || rt.region || 'us-east-1',
    userAttributes: event.request.userAttributes,
  });
  const to = rt.config.logPii ? recipient.address : maskEmail(recipient.address);
  return { ...decrypted, facts: { ...decrypted.facts, to }, recipient };
}
