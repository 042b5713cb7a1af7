/**
 * Step 1 of 9, validate (validate → route → pool guard → decrypt → recipient → render → compose → deliver →
 * report): the shared-types schema rejects a malformed event with every bad field named
 * (`EventValidationError`, `INVALID_EVENT`, permanent); then every piece of user text is capped at Cognito's
 * 2,048 characters before any regex or template sees it (input-caps.ts).
 */
import { parseCustomEmailSenderEvent } from '@mailroom/shared-types';
import { capEventText } from '../input-caps.js';
import type { Invocation, Validated } from './delivery.js';

/**
 * The invocation's event, validated and capped. Throws `EventValidationError`.
 * @example const validated = validate({ raw: event, facts, remainingMs });
 */
export function validate(invocation: Invocation): Validated {
  const event = capEventText(parseCustomEmailSenderEvent(invocation.raw));
  return { facts: invocation.facts, remainingMs: invocation.remainingMs, event };
}
