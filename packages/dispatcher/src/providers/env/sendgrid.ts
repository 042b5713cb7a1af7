/** SendGrid's settings from the environment (no SDK loaded here: config.ts reads every chosen provider's). */
import { type Env, envValue, httpBaseUrl, type ParsedEnv, parsedEnv, requireEnv } from '../kit/index.js';

export const SENDGRID_DEFAULT_API_URL = 'https://api.sendgrid.com';

export interface SendGridConfig {
  apiKey: string;
  /** `SENDGRID_API_URL`, when set (applied after `setApiKey`, which resets the base URL). */
  apiUrl: string | undefined;
}

/**
 * The base URL sends go to: `SENDGRID_API_URL` (no trailing slash) or SendGrid's own; no check (that is
 * `parseEnv`'s). The cold-start warm-up (warmup.ts) pre-connects to it.
 * @example sendGridApiUrl({}) // 'https://api.sendgrid.com'
 */
export function sendGridApiUrl(env: Env): string {
  return envValue(env, 'SENDGRID_API_URL')?.replace(/\/+$/, '') ?? SENDGRID_DEFAULT_API_URL;
}

/**
 * Reads `SENDGRID_API_KEY` (required) and `SENDGRID_API_URL` (an http(s) URL when set).
 * @example parseEnv({}) // { problems: ['SENDGRID_API_KEY is required for provider sendgrid'] }
 */
export function parseEnv(env: Env): ParsedEnv<SendGridConfig> {
  const problems: string[] = [];
  const apiKey = requireEnv(env, 'SENDGRID_API_KEY', 'sendgrid', problems);
  const apiUrl = httpBaseUrl(env, 'SENDGRID_API_URL', SENDGRID_DEFAULT_API_URL, problems);
  return parsedEnv({ apiKey, apiUrl }, problems);
}
