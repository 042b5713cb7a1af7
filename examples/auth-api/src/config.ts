/**
 * The example API's configuration: environment only, checked at start with every problem listed at once.
 *
 * | variable | meaning |
 * | --- | --- |
 * | `USER_POOL_ID` | the user pool (`us-east-1_AbCdEf123` in AWS, `local_…` in cognito-local) |
 * | `USER_POOL_CLIENT_ID` | the app client (no secret; `USER_PASSWORD_AUTH` enabled) |
 * | `AWS_REGION` | the pool's region (default: the pool id's prefix) |
 * | `COGNITO_ENDPOINT` | a local user pool's URL (cognito-local); unset in AWS. Tokens are then checked against its issuer `<endpoint>/<pool id>` and JWKS |
 * | `PORT` | the local server's port (default 8787; the node entry only) |
 */
import { ConfigError } from './errors.js';

export interface AuthApiConfig {
  userPoolId: string;
  clientId: string;
  region: string;
  /** cognito-local's URL; `undefined` against AWS. */
  endpoint: string | undefined;
}

const POOL_ID = /^[\w-]+_[0-9A-Za-z]+$/;

/**
 * Reads the configuration from an environment (default `process.env`).
 * @example const config = loadConfig({ USER_POOL_ID: 'eu-west-1_AbC123', USER_POOL_CLIENT_ID: 'abc' });
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AuthApiConfig {
  const problems: string[] = [];
  const userPoolId = env.USER_POOL_ID?.trim() ?? '';
  const clientId = env.USER_POOL_CLIENT_ID?.trim() ?? '';
  const endpoint = env.COGNITO_ENDPOINT?.trim().replace(/\/+$/, '') || undefined;
  if (!userPoolId) problems.push('USER_POOL_ID is not set (the user pool id, e.g. eu-west-1_AbCdEf123)');
  else if (!POOL_ID.test(userPoolId)) problems.push(`USER_POOL_ID "${userPoolId}" is not a user pool id`);
  if (!clientId) problems.push('USER_POOL_CLIENT_ID is not set (the app client id)');
  const region = env.AWS_REGION?.trim() || userPoolId.split('_')[0] || '';
  if (!region) problems.push('AWS_REGION is not set and cannot be read from USER_POOL_ID');
  if (endpoint) {
    try {
      const url = new URL(endpoint);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    } catch {
      problems.push(`COGNITO_ENDPOINT "${endpoint}" is not an http(s) URL`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { userPoolId, clientId, region, endpoint };
}
