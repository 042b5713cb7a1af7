/** Brevo's settings from the environment (no SDK loaded here). */
import { type Env, httpBaseUrl, type ParsedEnv, parsedEnv, requireEnv } from '../kit/index.js';

export const BREVO_DEFAULT_API_URL = 'https://api.brevo.com/v3';

export interface BrevoConfig {
  apiKey: string;
  /** `BREVO_API_URL` without trailing slashes, when set. */
  apiUrl: string | undefined;
}

/**
 * Reads `BREVO_API_KEY` (required) and `BREVO_API_URL` (an http(s) URL when set).
 * @example parseEnv({}) // { problems: ['BREVO_API_KEY is required for provider brevo'] }
 */
export function parseEnv(env: Env): ParsedEnv<BrevoConfig> {
  const problems: string[] = [];
  const apiKey = requireEnv(env, 'BREVO_API_KEY', 'brevo', problems);
  const apiUrl = httpBaseUrl(env, 'BREVO_API_URL', BREVO_DEFAULT_API_URL, problems);
  return parsedEnv({ apiKey, apiUrl }, problems);
}
