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
import { isAbortName } from './kit/network.js';
import { scrubReason } from './kit/scrub.js';
import type { EmailProvider, FailureClass, ProviderContext } from './types.js';

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

type Env = Record<string, string | undefined>;

function flag(value: string | undefined): boolean | undefined {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === '') return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}

/**
 * Configuration problems for this provider (empty when fine). Never echoes `SMTP_URL`: it holds the
 * password.
 * @example requiredEnv({}) // ['SMTP_URL is required for provider smtp (smtp://user:pass@host:587 or smtps://…:465)']
 */
export function requiredEnv(env: Env): string[] {
  const problems: string[] = [];
  const raw = env.SMTP_URL?.trim();
  if (!raw) {
    problems.push('SMTP_URL is required for provider smtp (smtp://user:pass@host:587 or smtps://…:465)');
  } else {
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      url = undefined;
    }
    if (!url || !['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) {
      problems.push(
        'SMTP_URL: expected smtp://user:pass@host:port or smtps://user:pass@host:port (value not shown)',
      );
    }
  }
  for (const name of ['SMTP_TLS_REJECT_UNAUTHORIZED', 'SMTP_REQUIRE_TLS'] as const) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '' && flag(value) === undefined) {
      problems.push(`${name}: expected true or false, got "${value.slice(0, 20)}"`);
    }
  }
  const min = env.SMTP_TLS_MIN_VERSION?.trim();
  if (min && !['TLSv1.2', 'TLSv1.3'].includes(min)) {
    problems.push(`SMTP_TLS_MIN_VERSION: expected TLSv1.2 or TLSv1.3, got "${min.slice(0, 20)}"`);
  }
  const ca = env.SMTP_TLS_CA?.trim();
  if (ca && !ca.includes('-----BEGIN CERTIFICATE-----')) {
    problems.push('SMTP_TLS_CA: expected a PEM certificate (-----BEGIN CERTIFICATE----- …)');
  }
  const max = env.SMTP_POOL_MAX_CONNECTIONS?.trim();
  if (max && !(/^\d+$/.test(max) && Number(max) >= 1 && Number(max) <= 20)) {
    problems.push(`SMTP_POOL_MAX_CONNECTIONS: expected an integer 1–20, got "${max.slice(0, 20)}"`);
  }
  return problems;
}

/**
 * Classifies anything `send` threw. By reply code: 421 and other 4xx transient, 530/534/535/538
 * provider-auth, other 5xx rejected. Without one: connection, socket, TLS and timeout errors transient,
 * `EAUTH` provider-auth, an envelope nodemailer refuses itself (no recipients) rejected.
 * @example classify({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }).kind // 'rejected'
 */
export function classify(err: unknown): FailureClass {
  const e = (err ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    command?: unknown;
    response?: unknown;
    name?: unknown;
    message?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : '';
  const command = typeof e.command === 'string' ? ` at ${e.command}` : '';
  if (typeof e.responseCode === 'number') {
    const status = e.responseCode;
    const reply = typeof e.response === 'string' ? scrubReason(e.response) : String(status);
    const reason = `SMTP server replied ${reply}${command}`;
    if (AUTH_REPLIES.has(status)) return { kind: 'provider-auth', status, reason };
    if (status >= 400 && status < 500) return { kind: 'transient', status, reason };
    if (status >= 500) return { kind: 'rejected', status, reason };
  }
  const message = typeof e.message === 'string' ? scrubReason(e.message) : '';
  const name = typeof e.name === 'string' ? e.name : 'Error';
  if (AUTH_CODES.has(code)) return { kind: 'provider-auth', reason: `SMTP ${code}${command}: ${message}` };
  if (SMTP_NETWORK_CODES.has(code) || isAbortName(name)) {
    return { kind: 'transient', reason: `SMTP ${code || name}${command}: ${message}` };
  }
  if (code === 'EENVELOPE' || code === 'EMESSAGE' || code === 'EMAXRECIPIENTS') {
    return { kind: 'rejected', reason: `SMTP ${code}${command}: ${message}` };
  }
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

/** Transport options from the environment (the URL carries host, port, TLS mode and credentials). */
export function transportOptions(env: Env) {
  const rejectUnauthorized = flag(env.SMTP_TLS_REJECT_UNAUTHORIZED) ?? true;
  const ca = env.SMTP_TLS_CA?.trim();
  const servername = env.SMTP_TLS_SERVERNAME?.trim();
  const max = Number(env.SMTP_POOL_MAX_CONNECTIONS?.trim() || 2);
  return {
    pool: true as const,
    url: env.SMTP_URL?.trim() ?? '',
    maxConnections: max,
    requireTLS: flag(env.SMTP_REQUIRE_TLS) ?? false,
    connectionTimeout: DEFAULT_TIMEOUT_MS,
    greetingTimeout: DEFAULT_TIMEOUT_MS,
    socketTimeout: DEFAULT_TIMEOUT_MS,
    tls: {
      rejectUnauthorized,
      minVersion: (env.SMTP_TLS_MIN_VERSION?.trim() || 'TLSv1.2') as 'TLSv1.2' | 'TLSv1.3',
      ...(ca ? { ca: [ca] } : {}),
      ...(servername ? { servername } : {}),
    },
  };
}

/**
 * Creates the adapter and its pooled transport once per cold start.
 * @example
 * const smtp = create({ env: { SMTP_URL: 'smtp://user:pass@smtp.example.com:587' }, logger, sandbox: false });
 * await smtp.send(message, AbortSignal.timeout(5000));
 */
export function create(ctx: ProviderContext): EmailProvider {
  const transport = nodemailer.createTransport(transportOptions(ctx.env));
  if (ctx.sandbox) {
    ctx.logger.warn(
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
