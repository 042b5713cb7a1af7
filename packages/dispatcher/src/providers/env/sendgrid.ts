/** SendGrid's settings from the environment (no SDK loaded here: config.ts reads every chosen provider's). */
import { type Env, httpBaseUrl, type ParsedEnv, parsedEnv, requireEnv } from '../kit/env.js';

export const SENDGRID_DEFAULT_API_URL = 'https://api.sendgrid.com';

export interface SendGridConfig {
  apiKey: string;
  /** `SENDGRID_API_URL`, when set (applied after `setApiKey`, which resets the base URL). */
  apiUrl: string | undefined;
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
