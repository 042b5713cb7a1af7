/**
 * The one pino root logger. JSON lines to stdout (Lambda ships them to CloudWatch), modules log through
 * `logger.child({ component })`. Redaction is configured here and only here; the handler additionally never
 * hands a decrypted code, a password or an SDK error object (axios errors carry request headers and bodies)
 * to the logger — see `serializeError`.
 */

import type { LogLevel } from '@mailroom/shared-types';
import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * Paths pino censors wherever they appear. They name secrets by the field names this codebase and the
 * SDKs use; `code` is NOT among them because our error lines use `code` for the stable error code.
 */
export const REDACT_PATHS = [
  'plaintext',
  'password',
  'temporaryPassword',
  'secret',
  'apiKey',
  'authorization',
  'Authorization',
  '*.plaintext',
  '*.password',
  '*.temporaryPassword',
  '*.secret',
  '*.apiKey',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'request.code',
  'event.request.code',
  'data.code',
  'env.SENDGRID_API_KEY',
  'env.MAILGUN_API_KEY',
  'env.BREVO_API_KEY',
  'env.SMTP_URL',
] as const;

// The levels LOG_LEVEL accepts are the configuration contract's (shared-types), not a copy.
export { LOG_LEVELS, type LogLevel } from '@mailroom/shared-types';

/** Keeps only what helps an operator: never `config`, `request`, `response` or `cause` chains of SDK errors. */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err, message: String(err).slice(0, 200) };
  const out: Record<string, unknown> = { type: err.name, message: err.message };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  return out;
}

/**
 * Creates the root logger. Call once per cold start.
 * @example
 * const logger = createLogger({ level: 'info' });
 * logger.child({ component: 'decrypt' }).info({ trigger: 'SignUp' }, 'decrypted');
 */
export function createLogger(options: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'mailroom-dispatcher' },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
    },
    // Synchronous writes: Lambda may freeze the process right after the handler resolves.
    options.destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

/**
 * Masks an address for logs: `jane@example.com` → `j***@example.com`. Unparseable input → `***`.
 * @example maskEmail('jane@example.com') // 'j***@example.com'
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  return `${address[0]}***${address.slice(at)}`;
}
