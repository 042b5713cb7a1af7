/**
 * What the compose step (pipeline/compose.ts, step 7) builds: the provider-neutral `EmailMessage`. Everything
 * that becomes a header (subject, names, addresses, our `X-Mailroom-*` headers) goes through
 * `assertHeaderSafe`, so user data can never split the header block whatever provider or SDK sends it.
 */
import { createHash } from 'node:crypto';
import {
  type Address,
  assertHeaderSafe,
  type CustomEmailSenderEvent,
  type EmailMessage,
  type RenderedEmail,
} from '@mailroom/shared-types';
import { DispatcherError } from './errors.js';
import type { Route } from './routing.js';

export interface MessageInput {
  from: Address;
  replyTo: Address | undefined;
  to: string;
  rendered: RenderedEmail;
  route: Route;
  userPoolId: string;
  /** Stable per Cognito event (also across Lambda's retries): `eventIdentity(event)`. */
  idempotencySource: readonly string[];
}

/** JSON with object keys sorted, so the same event hashes the same whatever order its keys arrived in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What identifies one Cognito event (the idempotency key's parts): pool, user, trigger, plus
 * - the ciphertext `request.code` when there is one (Cognito encrypts every email afresh, and Lambda's
 *   retries carry the same ciphertext);
 * - otherwise (AccountTakeOverNotification, `code: null`) the takeover's own `EVENT_ID`;
 * - and without that, a SHA-256 of the whole request, so two different takeover events never merge while a
 *   re-delivery of the same payload still matches.
 * @example eventIdentity(takeoverEvent) // ['eu-west-1_a', 'ana', 'CustomEmailSender_AccountTakeOverNotification', 'event-id:…']
 */
export function eventIdentity(event: CustomEmailSenderEvent): string[] {
  const base = [event.userPoolId, event.userName, event.triggerSource];
  if (event.request.code) return [...base, event.request.code];
  const eventId = event.request.userAttributes.EVENT_ID?.trim();
  if (eventId) return [...base, `event-id:${eventId}`];
  const digest = createHash('sha256').update(canonicalJson(event.request)).digest('hex');
  return [...base, `request-sha256:${digest}`];
}

/**
 * A stable key for one Cognito event: the same event retried by Lambda yields the same key.
 * @example idempotencyKey(['eu-west-1_a', 'user', 'SignUp', ciphertext]) // 64 hex chars
 */
export function idempotencyKey(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

function checkAddress(field: string, address: Address): void {
  assertHeaderSafe(field, address.address);
  if (address.name !== undefined) assertHeaderSafe(field, address.name);
}

/**
 * Builds the message and proves every header-bound value is single-line.
 * Throws `DispatcherError('HEADER_UNSAFE')` (permanent) otherwise.
 * @example
 * const message = buildMessage({ from, replyTo, to: 'ana@example.com', rendered, route, userPoolId, idempotencySource });
 */
export function buildMessage(input: MessageInput): EmailMessage {
  const { route, rendered } = input;
  const headers: Record<string, string> = {
    'X-Mailroom-Trigger': route.trigger.name,
    'X-Mailroom-Template': rendered.templateId,
  };
  const message: EmailMessage = {
    from: input.from,
    to: [{ address: input.to }],
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers,
    tags: [route.trigger.name, rendered.templateId],
    metadata: {
      trigger: route.trigger.name,
      templateId: rendered.templateId,
      locale: rendered.locale,
      brand: route.brand,
      userPoolId: input.userPoolId,
    },
    idempotencyKey: idempotencyKey(input.idempotencySource),
  };
  if (input.replyTo) message.replyTo = input.replyTo;
  try {
    checkAddress('From', message.from);
    for (const to of message.to) checkAddress('To', to);
    if (message.replyTo) checkAddress('Reply-To', message.replyTo);
    assertHeaderSafe('Subject', message.subject);
    for (const [name, value] of Object.entries(headers)) assertHeaderSafe(name, value);
  } catch (cause) {
    throw new DispatcherError('HEADER_UNSAFE', (cause as Error).message, {
      fix: 'a header value contained CR, LF or NUL; check the template subject and the sender configuration',
      cause,
    });
  }
  return message;
}
