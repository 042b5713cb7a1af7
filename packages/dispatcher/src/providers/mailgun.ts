/**
 * Mailgun through the real `mailgun.js` 14 (`POST /v3/<domain>/messages`, multipart), with Node's built-in
 * `FormData` (no `form-data` package).
 *
 * SDK facts this adapter relies on (design.md, testkit's Mailgun stand-in header):
 * - `url` is the origin without `/v3` (`https://api.mailgun.net`, EU `https://api.eu.mailgun.net`).
 * - No AbortSignal support: the only way to stop a request is the client's `timeout` (axios), so each send
 *   uses a client whose timeout is the attempt's budget (`attemptBudgetMs`). Clients are plain objects over
 *   Node's keep-alive global agent, so a client per send costs no new connection.
 * - Errors are `{ type: 'MailgunAPIError', status, message, details }`, but network errors and timeouts
 *   ALSO say `status: 400` (message `ECONNABORTED` / `ECONNRESET`, details `timeout of …ms exceeded` /
 *   `socket hang up`), and response headers (Retry-After) are never exposed: classify by message too.
 */
import type { EmailMessage, SendResult } from '@mailroom/shared-types';
import Mailgun from 'mailgun.js';
import type { MailgunConfig } from './env/mailgun.js';
import {
  abortError,
  attemptBudgetMs,
  classifyStatus,
  formatMailbox,
  isAbortName,
  malformedResponse,
  scrubReason,
} from './kit/index.js';
import type { EmailProvider, FailureClass, ProviderRuntime } from './types.js';

export { parseMailgunEnv as parseEnv } from './env/index.js';

/** Used only when a caller's signal did not come from `sendWithFailover`. */
const FALLBACK_TIMEOUT_MS = 10_000;
/** Mailgun accepts at most 10 `o:tag` values per message. */
const MAX_TAGS = 10;

/** 404 is "domain not found": our set-up at Mailgun, not the message. */
const AUTH_STATUSES = [401, 403, 404];

/** What mailgun.js 14 puts in an error's `message` for a failure that never got an HTTP answer. */
const NETWORK_MESSAGE = /^(E[A-Z0-9_]+|ERR_[A-Z0-9_]+)$/;
const NETWORK_DETAILS =
  /timeout of \d+ms exceeded|socket hang up|network error|ECONN|EPIPE|ETIMEDOUT|EAI_AGAIN/i;

/**
 * Classifies anything `send` threw. 401/403 (and 404 "domain not found") are provider-auth: our account
 * or domain at Mailgun is broken, another provider can still deliver. 408/429/5xx and every network error
 * (which mailgun.js reports as status 400 with an error code as message) are transient. Other 4xx are
 * rejected. Mailgun never exposes Retry-After, so `retryAfterMs` is never set.
 * @example classify({ type: 'MailgunAPIError', status: 400, message: 'ECONNRESET', details: 'socket hang up' }).kind // 'transient'
 */
export function classify(err: unknown): FailureClass {
  const e = (err ?? {}) as {
    type?: unknown;
    status?: unknown;
    message?: unknown;
    details?: unknown;
    name?: unknown;
  };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const message = typeof e.message === 'string' ? e.message : '';
  const details = typeof e.details === 'string' ? e.details : '';
  if (isAbortName(name)) {
    return { kind: 'transient', reason: `Mailgun request aborted (${scrubReason(message) || name})` };
  }
  if (typeof e.status !== 'number') {
    return { kind: 'transient', reason: `Mailgun request failed: ${scrubReason(message) || name}` };
  }
  const status = e.status;
  if (status === 400 && (NETWORK_MESSAGE.test(message) || NETWORK_DETAILS.test(details))) {
    // mailgun.js labels network failures 400: there was no answer at all.
    return { kind: 'transient', reason: `Mailgun request failed: ${message} (${scrubReason(details)})` };
  }
  const reason = `Mailgun answered HTTP ${status}${details ? `: ${scrubReason(details)}` : message ? `: ${scrubReason(message)}` : ''}`;
  return classifyStatus(status, reason, { auth: AUTH_STATUSES });
}

/** The multipart fields for one message (arrays become repeated fields). */
export function toMailgunFields(message: EmailMessage, sandbox: boolean): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {
    from: formatMailbox(message.from),
    to: message.to.map(formatMailbox),
    subject: message.subject,
  };
  if (message.providerTemplate) {
    fields.template = message.providerTemplate.id;
    fields['t:variables'] = JSON.stringify(message.providerTemplate.data);
  } else {
    fields.html = message.html;
    fields.text = message.text;
  }
  if (message.replyTo) fields['h:Reply-To'] = formatMailbox(message.replyTo);
  for (const [name, value] of Object.entries(message.headers ?? {})) fields[`h:${name}`] = value;
  const tags = (message.tags ?? [])
    .filter((t) => t.length > 0 && /^[\x20-\x7e]+$/.test(t))
    .slice(0, MAX_TAGS);
  if (tags.length > 0) fields['o:tag'] = tags;
  for (const [key, value] of Object.entries(message.metadata ?? {})) fields[`v:${key}`] = value;
  if (sandbox) fields['o:testmode'] = 'yes';
  return fields;
}

/**
 * Creates the adapter once per cold start.
 * @example
 * const mailgun = create({ apiKey: 'key-…', domain: 'mg.example.com', url: 'https://api.mailgun.net' }, { logger, sandbox: false });
 * await mailgun.send(message, AbortSignal.timeout(5000));
 */
export function create(config: MailgunConfig, runtime: ProviderRuntime): EmailProvider {
  const mailgun = new Mailgun(FormData);
  const { apiKey: key, domain, url } = config;

  return {
    name: 'mailgun',
    async send(message: EmailMessage, signal: AbortSignal): Promise<SendResult> {
      signal.throwIfAborted();
      const timeout = attemptBudgetMs(signal) ?? FALLBACK_TIMEOUT_MS;
      const client = mailgun.client({ username: 'api', key, url, timeout });
      const fields = toMailgunFields(message, runtime.sandbox);
      let onAbort: (() => void) | undefined;
      // The axios timeout above ends the request itself; this only makes a foreign signal end the wait.
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(abortError(signal));
        signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        // biome-ignore lint/suspicious/noExplicitAny: MailgunMessageData is a union the fields satisfy at run time
        const response = await Promise.race([client.messages.create(domain, fields as any), aborted]);
        const id = (response as { id?: unknown }).id;
        if (typeof id !== 'string' || id === '')
          throw malformedResponse('Mailgun answered without a message id');
        return { provider: 'mailgun', messageId: id };
      } finally {
        if (onAbort) signal.removeEventListener('abort', onAbort);
        aborted.catch(() => {});
      }
    },
  };
}
