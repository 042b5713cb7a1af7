/**
 * Any SMTP relay through the real `nodemailer` 10, configured by `SMTP_URL`
 * (`smtp://user:pass@host:587` with STARTTLS when offered, `smtps://…:465` for implicit TLS).
 *
 * - ONE pooled transport per cold start, reused by warm invocations: the TLS handshake and AUTH are paid
 *   once, not per email. `maxConnections` stays small (a Lambda sends one email at a time).
 * - The per-attempt AbortSignal is nodemailer 10's `signal` mail option: the pool fails that message and
 *   closes only the connection carrying it, so a stalled relay never holds the invocation.
 * - SMTP has no tags, metadata or sandbox: tags and metadata travel as `X-Mailroom-Tags` /
 *   `X-Mailroom-Metadata` headers; `EMAIL_SANDBOX` logs a warning at cold start and changes nothing.
 *
 * TLS options (all optional): `SMTP_TLS_REJECT_UNAUTHORIZED` (`false` accepts self-signed certificates;
 * default `true`), `SMTP_TLS_CA` (PEM of a CA to trust, for private relays), `SMTP_TLS_SERVERNAME` (SNI /
 * certificate name when connecting by IP), `SMTP_TLS_MIN_VERSION` (`TLSv1.2` default, or `TLSv1.3`),
 * `SMTP_REQUIRE_TLS` (`true` refuses to send when STARTTLS is not offered). `SMTP_POOL_MAX_CONNECTIONS`
 * (default 2).
 */
import type { EmailMessage, SendResult } from '@mailroom/shared-types';
import nodemailer from 'nodemailer';
import type { SmtpConfig } from './env/smtp.js';
import { isAbortName, scrubReason } from './kit/index.js';
import type { EmailProvider, FailureClass, ProviderRuntime } from './types.js';

export { parseSmtpEnv as parseEnv } from './env/index.js';

const DEFAULT_TIMEOUT_MS = 10_000;
/** nodemailer's own codes for a connection, socket, DNS, TLS or protocol failure (no reply code). */
const SMTP_NETWORK_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROTOCOL',
  'EABORT',
]);
const AUTH_CODES = new Set(['EAUTH', 'ENOAUTH', 'EREQUIRETLS']);
/** Reply codes about our credentials: 530 auth required, 534/535 auth failed, 538 encryption required. */
const AUTH_REPLIES = new Set([530, 534, 535, 538]);
/** A message nodemailer refuses itself (no recipients, bad envelope): no other provider would take it. */
const ENVELOPE_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS']);

/**
 * Classifies anything `send` threw. By reply code: 421 and other 4xx transient, 530/534/535/538
 * provider-auth, other 5xx rejected. Without one: connection, socket, TLS and timeout errors transient,
 * `EAUTH` provider-auth, an envelope nodemailer refuses itself (no recipients) rejected.
 * @example classify({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }).kind // 'rejected'
 */
export function classify(err: unknown): FailureClass {
  const e = (err ?? {}) as SmtpError;
  const command = typeof e.command === 'string' ? ` at ${e.command}` : '';
  const byReply =
    typeof e.responseCode === 'number' ? classifyReply(e.responseCode, e.response, command) : undefined;
  return byReply ?? classifyCode(e, command);
}

/** The fields of a nodemailer error this classifier reads. */
interface SmtpError {
  code?: unknown;
  responseCode?: unknown;
  command?: unknown;
  response?: unknown;
  name?: unknown;
  message?: unknown;
}

/** By SMTP reply code; `undefined` for a code below 400 (then the error code decides). */
function classifyReply(status: number, response: unknown, command: string): FailureClass | undefined {
  const reply = typeof response === 'string' ? scrubReason(response) : String(status);
  const reason = `SMTP server replied ${reply}${command}`;
  if (AUTH_REPLIES.has(status)) return { kind: 'provider-auth', status, reason };
  if (status >= 400 && status < 500) return { kind: 'transient', status, reason };
  if (status >= 500) return { kind: 'rejected', status, reason };
  return undefined;
}

/** By nodemailer's error code (no usable reply): auth, network, envelope, else transient. */
function classifyCode(e: SmtpError, command: string): FailureClass {
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? scrubReason(e.message) : '';
  const name = typeof e.name === 'string' ? e.name : 'Error';
  if (AUTH_CODES.has(code)) return { kind: 'provider-auth', reason: `SMTP ${code}${command}: ${message}` };
  if (SMTP_NETWORK_CODES.has(code) || isAbortName(name)) {
    return { kind: 'transient', reason: `SMTP ${code || name}${command}: ${message}` };
  }
  if (ENVELOPE_CODES.has(code)) return { kind: 'rejected', reason: `SMTP ${code}${command}: ${message}` };
  return { kind: 'transient', reason: `SMTP send failed: ${code || name}${message ? ` (${message})` : ''}` };
}

/** nodemailer message options for one message (`signal` added by `send`). */
export function toNodemailerMessage(message: EmailMessage) {
  const headers: Record<string, string> = { ...message.headers };
  if (message.tags && message.tags.length > 0) headers['X-Mailroom-Tags'] = message.tags.join(', ');
  if (message.metadata && Object.keys(message.metadata).length > 0) {
    headers['X-Mailroom-Metadata'] = JSON.stringify(message.metadata);
  }
  return {
    from: message.from,
    to: message.to,
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    html: message.html,
    text: message.text,
    headers,
  };
}

/**
 * nodemailer transport options from the parsed settings (the URL carries host, port, TLS mode, credentials).
 * @example transportOptions(config).pool // true
 */
export function transportOptions(config: SmtpConfig) {
  return {
    pool: true as const,
    url: config.url,
    maxConnections: config.maxConnections,
    requireTLS: config.requireTls,
    connectionTimeout: DEFAULT_TIMEOUT_MS,
    greetingTimeout: DEFAULT_TIMEOUT_MS,
    socketTimeout: DEFAULT_TIMEOUT_MS,
    tls: {
      rejectUnauthorized: config.rejectUnauthorized,
      minVersion: config.minVersion,
      ...(config.ca ? { ca: [config.ca] } : {}),
      ...(config.servername ? { servername: config.servername } : {}),
    },
  };
}

/**
 * Creates the adapter and its pooled transport once per cold start.
 * @example
 * const parsed = parseEnv({ SMTP_URL: 'smtp://user:pass@smtp.example.com:587' });
 * if ('config' in parsed) await create(parsed.config, { logger, sandbox: false }).send(message, AbortSignal.timeout(5000));
 * await smtp.send(message, AbortSignal.timeout(5000));
 */
export function create(config: SmtpConfig, runtime: ProviderRuntime): EmailProvider {
  const transport = nodemailer.createTransport(transportOptions(config));
  if (runtime.sandbox) {
    runtime.logger.warn(
      { event: 'sandbox_unsupported', provider: 'smtp' },
      'EMAIL_SANDBOX has no SMTP equivalent; point SMTP_URL at a test relay instead',
    );
  }

  return {
    name: 'smtp',
    async send(message: EmailMessage, signal: AbortSignal): Promise<SendResult> {
      signal.throwIfAborted();
      const info = await transport.sendMail({ ...toNodemailerMessage(message), signal });
      return { provider: 'smtp', messageId: info.messageId };
    },
  };
}
