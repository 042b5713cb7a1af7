/**
 * SendGrid through the real `@sendgrid/mail` v8 (`POST /v3/mail/send`).
 *
 * SDK facts this adapter relies on (design.md): `setApiKey()` resets the base URL, so `SENDGRID_API_URL` is
 * applied with `setDefaultRequest('baseUrl', …)` after it, on our own `Client` handed to `MailService`;
 * errors are `{ code, response: { headers, body } }` (the exported `ResponseError` is undefined at run
 * time, so we check the shape); network errors surface as raw axios errors; the SDK never retries.
 */
import { randomUUID } from 'node:crypto';
import type { EmailMessage, SendResult } from '@mailroom/shared-types';
import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import type { SendGridConfig } from './env/sendgrid.js';
import {
  classifyStatus,
  isAbortName,
  isNetworkCode,
  parseRetryAfter,
  readHeader,
  scrubReason,
  toEmailObject,
} from './kit/index.js';
import { warmAgent } from './kit/warm-agent.js';
import type { EmailProvider, FailureClass, ProviderRuntime } from './types.js';

export { parseSendGridEnv as parseEnv } from './env/index.js';

/** SendGrid limits: at most 10 categories, each ≤ 255 ASCII characters. */
function categories(tags: readonly string[] | undefined): string[] | undefined {
  const out = (tags ?? [])
    .filter((t) => t.length > 0 && t.length <= 255 && /^[\x20-\x7e]+$/.test(t))
    .slice(0, 10);
  return out.length > 0 ? out : undefined;
}

function apiErrors(body: unknown): string {
  const errors = (body as { errors?: unknown })?.errors;
  if (!Array.isArray(errors)) return '';
  return errors
    .map((e: { field?: unknown; message?: unknown }) =>
      [typeof e?.field === 'string' ? e.field : '', typeof e?.message === 'string' ? e.message : '']
        .filter(Boolean)
        .join(': '),
    )
    .filter(Boolean)
    .join('; ');
}

/**
 * Classifies anything `send` threw: 401/403 provider-auth; 408/429/5xx and network errors transient
 * (with `Retry-After`); other 4xx rejected (the message or recipient, no other provider would accept it).
 * @example classify({ code: 429, response: { headers: { 'retry-after': '2' }, body: {} } }) // { kind: 'transient', status: 429, retryAfterMs: 2000, … }
 */
export function classify(err: unknown): FailureClass {
  const e = (err ?? {}) as { code?: unknown; name?: unknown; message?: unknown; response?: unknown };
  const response = e.response as { headers?: unknown; body?: unknown; status?: unknown } | undefined;
  const status =
    typeof e.code === 'number' ? e.code : typeof response?.status === 'number' ? response.status : undefined;
  if (status !== undefined && response) {
    // SendGrid quotes the recipient back ("Invalid email: …"): scrubbed like every adapter's reason.
    const detail = scrubReason(apiErrors(response.body), 300);
    const reason = `SendGrid answered HTTP ${status}${detail ? `: ${detail}` : ''}`;
    const retryAfterMs = parseRetryAfter(readHeader(response.headers, 'retry-after'));
    return classifyStatus(status, reason, { retryAfterMs });
  }
  const code = typeof e.code === 'string' ? scrubReason(e.code, 80) : '';
  const name = typeof e.name === 'string' ? scrubReason(e.name, 80) : 'Error';
  if (isNetworkCode(code) || isAbortName(name)) {
    return { kind: 'transient', reason: `SendGrid request failed: ${code || name}` };
  }
  // Anything else (a malformed answer, an SDK bug) may go away on a retry or at another provider.
  return { kind: 'transient', reason: `SendGrid request failed: ${name}` };
}

/** Maps the neutral message to SendGrid's `MailDataRequired` (camelCase; the SDK converts to snake_case). */
function toMailData(message: EmailMessage, sandbox: boolean) {
  const data: Record<string, unknown> = {
    from: toEmailObject(message.from),
    to: message.to.map(toEmailObject),
    subject: message.subject,
  };
  if (message.providerTemplate) {
    data.templateId = message.providerTemplate.id;
    data.dynamicTemplateData = message.providerTemplate.data;
  } else {
    data.text = message.text;
    data.html = message.html;
  }
  if (message.replyTo) data.replyTo = toEmailObject(message.replyTo);
  if (message.headers && Object.keys(message.headers).length > 0) data.headers = message.headers;
  const cats = categories(message.tags);
  if (cats) data.categories = cats;
  if (message.metadata && Object.keys(message.metadata).length > 0) data.customArgs = message.metadata;
  if (sandbox) data.mailSettings = { sandboxMode: { enable: true } };
  return data;
}

/**
 * Creates the adapter once per cold start: one `Client` (keeps axios' agent warm) inside one `MailService`.
 * @example
 * const sendgrid = create({ apiKey: 'SG.x', apiUrl: undefined }, { logger, sandbox: false });
 * await sendgrid.send(message, AbortSignal.timeout(5000));
 */
export function create(config: SendGridConfig, runtime: ProviderRuntime): EmailProvider {
  // The SDK has no per-call options, so the attempt's AbortSignal is handed to axios through `pending`:
  // `MailService.send(one message)` builds the body and calls `client.request` → `createRequest`
  // synchronously (@sendgrid/mail 8.1.6), so the signal set right before the call is the one this request
  // takes, and concurrent sends each keep their own (adapter test "concurrent sends"). Not
  // AsyncLocalStorage: on Node 20/22 its first `run()` turns on promise hooks for the whole process, which
  // taxes every promise of every later invocation (the KMS client makes many).
  let pending: AbortSignal | undefined;
  const client = new Client();
  const createRequest = client.createRequest.bind(client);
  client.createRequest = (data) => {
    const request = createRequest(data) as ReturnType<typeof createRequest> & { signal?: AbortSignal };
    if (pending) request.signal = pending;
    pending = undefined;
    return request;
  };
  client.setApiKey(config.apiKey);
  // After setApiKey, which resets baseUrl to the region host.
  if (config.apiUrl) client.setDefaultRequest('baseUrl', config.apiUrl);
  // The keep-alive agent holding the connection the entry opened during init (warmup.ts).
  client.setDefaultRequest('httpsAgent', warmAgent);

  const mail = new MailService();
  mail.setClient(client);

  return {
    name: 'sendgrid',
    async send(message: EmailMessage, signal: AbortSignal): Promise<SendResult> {
      signal.throwIfAborted();
      const data = toMailData(message, runtime.sandbox);
      pending = signal;
      let sending: ReturnType<MailService['send']>;
      try {
        // biome-ignore lint/suspicious/noExplicitAny: MailDataRequired is a union the mapped object satisfies at run time
        sending = mail.send(data as any);
      } finally {
        pending = undefined;
      }
      const [response] = await sending;
      const id = readHeader(response.headers, 'x-message-id');
      if (typeof id === 'string' && id) return { provider: 'sendgrid', messageId: id };
      // Sandbox mode answers 200 without an id: make one up so logs still correlate. Outside the sandbox a
      // 202 without one is unexpected but still an accepted message (sending again would duplicate it).
      if (runtime.sandbox) return { provider: 'sendgrid', messageId: `sandbox-${randomUUID()}` };
      const messageId = `no-id-${randomUUID()}`;
      runtime.logger.warn(
        { provider: 'sendgrid', status: response.statusCode, messageId },
        'SendGrid accepted the message without an X-Message-Id header; logging a made-up id',
      );
      return { provider: 'sendgrid', messageId };
    },
  };
}
