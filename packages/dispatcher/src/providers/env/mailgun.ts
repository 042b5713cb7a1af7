/** Mailgun's settings from the environment (no SDK loaded here). */
import { type Env, envValue, isHttpUrl, type ParsedEnv, parsedEnv, requireEnv } from '../kit/index.js';

export const MAILGUN_US_API_URL = 'https://api.mailgun.net';
export const MAILGUN_EU_API_URL = 'https://api.eu.mailgun.net';

export interface MailgunConfig {
  apiKey: string;
  domain: string;
  /** Origin in mailgun.js' convention (no `/v3`): `MAILGUN_API_URL`, else by `MAILGUN_REGION`. */
  url: string;
}

function parseDomain(env: Env, problems: string[]): string {
  const domain = requireEnv(
    env,
    'MAILGUN_DOMAIN',
    'mailgun',
    problems,
    'your sending domain, e.g. mg.example.com',
  );
  if (domain && !/^[A-Za-z0-9.-]+$/.test(domain)) {
    problems.push(`MAILGUN_DOMAIN: expected a domain name like mg.example.com, got "${domain.slice(0, 60)}"`);
  }
  return domain;
}

function parseUrl(env: Env, problems: string[]): string {
  const region = envValue(env, 'MAILGUN_REGION')?.toLowerCase();
  if (region && region !== 'us' && region !== 'eu') {
    problems.push(`MAILGUN_REGION: expected us or eu, got "${region.slice(0, 20)}"`);
  }
  const explicit = envValue(env, 'MAILGUN_API_URL');
  if (explicit === undefined) return region === 'eu' ? MAILGUN_EU_API_URL : MAILGUN_US_API_URL;
  if (!isHttpUrl(explicit)) {
    problems.push(`MAILGUN_API_URL: expected an http(s) origin like ${MAILGUN_US_API_URL}`);
  } else if (/\/v3\/?$/.test(new URL(explicit).pathname)) {
    problems.push(`MAILGUN_API_URL: leave out /v3 (mailgun.js adds it), e.g. ${MAILGUN_US_API_URL}`);
  }
  return explicit.replace(/\/+$/, '');
}

/**
 * Reads `MAILGUN_API_KEY`, `MAILGUN_DOMAIN` (required), `MAILGUN_REGION` (`us`/`eu`) and `MAILGUN_API_URL`.
 * @example parseEnv({ MAILGUN_API_KEY: 'k', MAILGUN_DOMAIN: 'mg.example.com', MAILGUN_REGION: 'eu' })
 * // { config: { apiKey: 'k', domain: 'mg.example.com', url: 'https://api.eu.mailgun.net' } }
 */
export function parseEnv(env: Env): ParsedEnv<MailgunConfig> {
  const problems: string[] = [];
  const apiKey = requireEnv(env, 'MAILGUN_API_KEY', 'mailgun', problems);
  const domain = parseDomain(env, problems);
  const url = parseUrl(env, problems);
  return parsedEnv({ apiKey, domain, url }, problems);
}
