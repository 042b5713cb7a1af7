/**
 * SMTP settings from the environment (no nodemailer loaded here). `SMTP_URL` carries the password, so no
 * message ever echoes it.
 */
import { envFlag } from '@mailroom/shared-types';
import { type Env, envValue, type ParsedEnv, parsedEnv } from '../kit/index.js';

export interface SmtpConfig {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (implicit TLS). */
  url: string;
  /** `SMTP_REQUIRE_TLS=true` refuses to send when STARTTLS is not offered (default false). */
  requireTls: boolean;
  /** `SMTP_TLS_REJECT_UNAUTHORIZED=false` accepts self-signed certificates (default true). */
  rejectUnauthorized: boolean;
  /** `SMTP_TLS_CA`: PEM of a CA to trust, for private relays. */
  ca: string | undefined;
  /** `SMTP_TLS_SERVERNAME`: SNI / certificate name when connecting by IP. */
  servername: string | undefined;
  minVersion: 'TLSv1.2' | 'TLSv1.3';
  /** `SMTP_POOL_MAX_CONNECTIONS`, 1–20 (default 2: a Lambda sends one email at a time). */
  maxConnections: number;
}

const URL_EXAMPLE = 'smtp://user:pass@host:587 or smtps://…:465';

function parseUrl(env: Env, problems: string[]): string {
  const raw = envValue(env, 'SMTP_URL');
  if (raw === undefined) {
    problems.push(`SMTP_URL is required for provider smtp (${URL_EXAMPLE})`);
    return '';
  }
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
  return raw;
}

function parseFlag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = envValue(env, name);
  if (raw === undefined) return fallback;
  const value = envFlag(raw);
  if (value === undefined) problems.push(`${name}: expected true or false, got "${raw.slice(0, 20)}"`);
  return value ?? fallback;
}

function parseTls(env: Env, problems: string[]): Pick<SmtpConfig, 'ca' | 'servername' | 'minVersion'> {
  const min = envValue(env, 'SMTP_TLS_MIN_VERSION') ?? 'TLSv1.2';
  if (min !== 'TLSv1.2' && min !== 'TLSv1.3') {
    problems.push(`SMTP_TLS_MIN_VERSION: expected TLSv1.2 or TLSv1.3, got "${min.slice(0, 20)}"`);
  }
  const ca = envValue(env, 'SMTP_TLS_CA');
  if (ca !== undefined && !ca.includes('-----BEGIN CERTIFICATE-----')) {
    problems.push('SMTP_TLS_CA: expected a PEM certificate (-----BEGIN CERTIFICATE----- …)');
  }
  return {
    ca,
    servername: envValue(env, 'SMTP_TLS_SERVERNAME'),
    minVersion: min === 'TLSv1.3' ? 'TLSv1.3' : 'TLSv1.2',
  };
}

function parseMaxConnections(env: Env, problems: string[]): number {
  const raw = envValue(env, 'SMTP_POOL_MAX_CONNECTIONS');
  if (raw === undefined) return 2;
  if (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 20) return Number(raw);
  problems.push(`SMTP_POOL_MAX_CONNECTIONS: expected an integer 1–20, got "${raw.slice(0, 20)}"`);
  return 2;
}

/**
 * Reads `SMTP_URL` (required) and the TLS and pool options.
 * @example parseEnv({}) // { problems: ['SMTP_URL is required for provider smtp (smtp://user:pass@host:587 or smtps://…:465)'] }
 */
export function parseEnv(env: Env): ParsedEnv<SmtpConfig> {
  const problems: string[] = [];
  const url = parseUrl(env, problems);
  const rejectUnauthorized = parseFlag(env, 'SMTP_TLS_REJECT_UNAUTHORIZED', true, problems);
  const requireTls = parseFlag(env, 'SMTP_REQUIRE_TLS', false, problems);
  const tls = parseTls(env, problems);
  const maxConnections = parseMaxConnections(env, problems);
  return parsedEnv({ url, requireTls, rejectUnauthorized, ...tls, maxConnections }, problems);
}
