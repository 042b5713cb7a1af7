/**
 * Brevo through the real `@getbrevo/brevo` v6, imported from its `transactionalEmails` subpath (the client
 * for `POST /v3/smtp/email` alone, ~53 KB bundled instead of ~468 KB for the whole SDK).
 *
 * SDK facts this adapter relies on (design.md, testkit's Brevo stand-in header):
 * - The SDK retries 408/429/5xx twice by default: `maxRetries: 0`, the failover chain owns retries.
 * - 400 throws `BadRequestError`, other statuses a `BrevoError` with `statusCode`, `body` and
 *   `rawResponse.headers.get()` (Retry-After readable). Timeouts, aborts and resets are `BrevoError`s
 *   without `statusCode`. A malformed success body does not throw: it resolves without `messageId`.
 * - Sandbox and idempotency are body headers: `X-Sib-Sandbox: drop`, and `idempotencyKey`, which Brevo
 *   documents as a UUID with a time-to-live of 15 minutes (changelog, 2021-11-10) to 30 minutes (its batch
 *   idempotency guide); a repeat inside that window is refused with `duplicate_parameter` and not processed.
 *   We send a UUID v5 of the message's idempotency key, so Lambda's retry of one event reuses it, and read
 *   the refusal as "already accepted" (we send one recipient and no cc/bcc, so no other parameter can be the
 *   duplicate). An `Idempotency-Key` header, which we used to send, is not documented by Brevo.
 * - Webhook metadata travels in `X-Mailin-custom` (we send our metadata as one JSON object).
 */

import { TransactionalEmailsClient } from '@getbrevo/brevo/transactionalEmails';
import type { EmailMessage, SendResult } from '@mailroom/shared-types';
import { v5 as uuidV5 } from 'uuid';
import type { BrevoConfig } from './env/brevo.js';
import {
  attemptBudgetMs,
  classifyStatus,
  malformedResponse,
  parseRetryAfter,
  readHeader,
  scrubReason,
  toEmailObject,
} from './kit/index.js';
import type { EmailProvider, FailureClass, ProviderRuntime } from './types.js';

export { parseBrevoEnv as parseEnv } from './env/index.js';

const FALLBACK_TIMEOUT_MS = 10_000;
/** 402 is Brevo's "out of credits": our account, not the message. */
const AUTH_STATUSES = [401, 402, 403];
/** UUID v5 namespace of Brevo idempotency keys: v5('https://mailroom.dev/ns/brevo-idempotency-key', URL). */
const IDEMPOTENCY_NAMESPACE = 'e66e44ec-1c6e-50ff-9bd4-4f219a32e01b';

/**
 * The UUID Brevo wants for `headers.idempotencyKey`, derived from our idempotency key (stable across retries).
 * @example brevoIdempotencyKey('9f2c…') // '1b4e28ba-2fa1-5ad2-…' (UUID v5)
 */
export function brevoIdempotencyKey(key: string): string {
  return uuidV5(key, IDEMPOTENCY_NAMESPACE);
}

/** Brevo's answer to an idempotency key it has already processed (inside its 15–30 minute window). */
function isDuplicateKey(err: unknown): boolean {
  const e = (err ?? {}) as { statusCode?: unknown; body?: { code?: unknown } };
  return typeof e.statusCode === 'number' && e.statusCode < 500 && e.body?.code === 'duplicate_parameter';
}

/**
 * Classifies anything `send` threw: 401/402/403 provider-auth (key, credits or IP allow-list at Brevo);
 * 408/429/5xx transient with `Retry-After`; other 4xx rejected (Brevo's `code: message`); no status
 * (timeout, abort, reset, malformed answer) transient.
 * @example classify({ name: 'BrevoError', statusCode: 503, body: {} }).kind // 'transient'
 */
export function classify(err: unknown): FailureClass {
  const e = (err ?? {}) as {
    name?: unknown;
    statusCode?: unknown;
    body?: unknown;
    rawResponse?: unknown;
    message?: unknown;
  };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  if (typeof e.statusCode !== 'number') {
    const message = typeof e.message === 'string' ? e.message.replace(/^"|"$/g, '') : '';
    return { kind: 'transient', reason: `Brevo request failed: ${scrubReason(message) || name}` };
  }
  const status = e.statusCode;
  const body = (e.body ?? {}) as { code?: unknown; message?: unknown };
  const detail = [body.code, body.message].filter((v) => typeof v === 'string' && v).join(': ');
  const reason = `Brevo answered HTTP ${status}${detail ? `: ${scrubReason(detail)}` : ''}`;
  const headers = (e.rawResponse as { headers?: unknown } | undefined)?.headers;
  const retryAfterMs = parseRetryAfter(readHeader(headers, 'retry-after'));
  return classifyStatus(status, reason, { auth: AUTH_STATUSES, retryAfterMs });
}

type SendRequest = Parameters<TransactionalEmailsClient['sendTransacEmail']>[0];

/** The `sendTransacEmail` body for one message. */
export function toBrevoRequest(message: EmailMessage, sandbox: boolean): NonNullable<SendRequest> {
  const headers: Record<string, string> = { ...message.headers };
  if (message.metadata && Object.keys(message.metadata).length > 0) {
    headers['X-Mailin-custom'] = JSON.stringify(message.metadata);
  }
  // Brevo refuses a repeated key instead of sending twice (Lambda's async retries resend the same event).
  if (message.idempotencyKey) headers.idempotencyKey = brevoIdempotencyKey(message.idempotencyKey);
  if (sandbox) headers['X-Sib-Sandbox'] = 'drop';
  const request: NonNullable<SendRequest> = {
    sender: toEmailObject(message.from),
    to: message.to.map(toEmailObject),
    subject: message.subject,
    headers,
  };
  if (message.providerTemplate) {
    request.templateId = Number(message.providerTemplate.id);
    request.params = message.providerTemplate.data;
  } else {
    request.htmlContent = message.html;
    request.textContent = message.text;
  }
  if (message.replyTo) request.replyTo = toEmailObject(message.replyTo);
  const tags = (message.tags ?? []).filter((t) => t.length > 0);
  if (tags.length > 0) request.tags = tags;
  return request;
}

/**
 * Creates the adapter once per cold start (one client, reused across warm invocations).
 * @example
 * const brevo = create({ apiKey: 'xkeysib-…', apiUrl: undefined }, { logger, sandbox: false });
 * await brevo.send(message, AbortSignal.timeout(5000));
 */
export function create(config: BrevoConfig, runtime: ProviderRuntime): EmailProvider {
  const client = new TransactionalEmailsClient({
    apiKey: config.apiKey,
    ...(config.apiUrl ? { baseUrl: config.apiUrl } : {}),
    maxRetries: 0,
  });

  return {
    name: 'brevo',
    async send(message: EmailMessage, signal: AbortSignal): Promise<SendResult> {
      signal.throwIfAborted();
      const budget = attemptBudgetMs(signal) ?? FALLBACK_TIMEOUT_MS;
      const request = toBrevoRequest(message, runtime.sandbox);
      let response: unknown;
      try {
        response = await client.sendTransacEmail(request, {
          abortSignal: signal,
          maxRetries: 0,
          // A little past the signal, so the signal (our reason) wins the race.
          timeoutInSeconds: Math.ceil(budget / 1000) + 1,
        });
      } catch (err) {
        const key = request.headers?.idempotencyKey;
        if (typeof key !== 'string' || !isDuplicateKey(err)) throw err;
        // An earlier attempt (whose answer we lost, or a previous Lambda attempt) was accepted: sending again
        // is what Brevo just prevented. Its message id is not in the refusal, so we log a made-up one.
        const messageId = `brevo-duplicate-${key}`;
        runtime.logger.info(
          { event: 'provider_duplicate', provider: 'brevo', messageId },
          'Brevo already accepted a message with this idempotency key; not sent again',
        );
        return { provider: 'brevo', messageId };
      }
      const id = (response as { messageId?: unknown } | undefined)?.messageId;
      if (typeof id !== 'string' || id === '') throw malformedResponse('Brevo answered without a messageId');
      return { provider: 'brevo', messageId: id };
    },
  };
}
