/**
 * Part of the validate step (pipeline/validate.ts, step 1), right after the schema: every piece of
 * user-controlled text in the event (user name, attribute and client-metadata values) is cut at Cognito's own
 * 2,048-character attribute limit before any regex or template sees it. Truncate, never reject: the email
 * must still go out. (The recipient's EMAIL regex and the text template's whitespace pass are quadratic: 100k
 * characters took 5–11 s each.)
 */
import { type CustomEmailSenderEvent, truncateText } from '@mailroom/shared-types';

function capRecord(record: Record<string, string>): Record<string, string> {
  let changed = false;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    const capped = truncateText(value);
    if (capped !== value) changed = true;
    out[truncateText(key, 256)] = capped;
  }
  return changed || Object.keys(out).length !== Object.keys(record).length ? out : record;
}

/**
 * The same event with its user text capped (the request code, a ciphertext, is left alone).
 * @example capEventText(event).request.userAttributes.given_name.length // ≤ 2048
 */
export function capEventText(event: CustomEmailSenderEvent): CustomEmailSenderEvent {
  const { request } = event;
  return {
    ...event,
    userName: truncateText(event.userName),
    request: {
      ...request,
      userAttributes: capRecord(request.userAttributes),
      ...(request.clientMetadata ? { clientMetadata: capRecord(request.clientMetadata) } : {}),
    },
  };
}
