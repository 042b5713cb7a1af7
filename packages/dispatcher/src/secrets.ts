/**
 * Provider credentials from one Secrets Manager secret (`EMAIL_SECRETS_ARN`): a JSON object whose keys are
 * the same names as the environment variables (`SENDGRID_API_KEY`, `MAILGUN_API_KEY`, `MAILGUN_DOMAIN`,
 * `BREVO_API_KEY`, `SMTP_URL`, …). Read with one `GetSecretValue` per cold start and cached in module scope,
 * so warm invocations never call Secrets Manager. Without `EMAIL_SECRETS_ARN` nothing is read and plain
 * environment variables are the only source (local use); `loadConfig` lets plain variables win over secret
 * keys of the same name.
 *
 * Errors name the secret and the key, never a value: the secret string is only ever parsed, not echoed.
 */
import type * as SecretsManager from '@aws-sdk/client-secrets-manager';
import { arnClientRegion } from './arn.js';
import { requireAwsSdk } from './aws-sdk.js';
import { DispatcherError } from './errors.js';
import { warmAgent } from './providers/kit/warm-agent.js';

type Env = Record<string, string | undefined>;

/** Cold-start cache: one read per secret per process. A failed read is forgotten so the next init retries. */
const cache = new Map<string, Promise<Record<string, string>>>();

/** The region an ARN names (`arn:aws:secretsmanager:<region>:…`), when it is an ARN. */
function secretError(arn: string, what: string, fix: string, cause?: unknown): DispatcherError {
  return new DispatcherError('CONFIG_INVALID', `secret ${arn}: ${what}`, {
    retryable: false,
    fix,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Parses a secret string into variables. Every value must be a string (numbers and booleans are accepted
 * and turned into strings, since a JSON editor makes them easily); anything else is an error naming the key.
 * @example parseSecretString('arn:…:secret:mailroom', '{"SENDGRID_API_KEY":"SG.x"}') // { SENDGRID_API_KEY: 'SG.x' }
 */
export function parseSecretString(arn: string, secretString: string | undefined): Record<string, string> {
  const fix =
    'store a JSON object like {"SENDGRID_API_KEY":"SG…","MAILGUN_API_KEY":"…"} as the secret string';
  if (secretString === undefined || secretString.trim() === '') {
    throw secretError(arn, 'has no SecretString (binary or empty secrets are not supported)', fix);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    // The parser's message can quote the secret text, so it is not passed on.
    throw secretError(arn, 'SecretString is not valid JSON', fix);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw secretError(arn, 'SecretString must be a JSON object of variable names to strings', fix);
  }
  const out: Record<string, string> = {};
  const bad: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
    else if (value !== null) bad.push(key);
  }
  if (bad.length > 0) {
    throw secretError(arn, `keys ${bad.join(', ')} must hold strings`, fix);
  }
  return out;
}

async function read(arn: string, env: Env): Promise<Record<string, string>> {
  // Loaded here, on the cold-start path whenever EMAIL_SECRETS_ARN is set (always, under infra).
  const { GetSecretValueCommand, SecretsManagerClient } = requireAwsSdk(
    '@aws-sdk/client-secrets-manager',
  ) as typeof SecretsManager;
  const endpoint = env.AWS_ENDPOINT_URL_SECRETS_MANAGER?.trim();
  const client = new SecretsManagerClient({
    // The (possibly injected) env's region, never process.env's: a handler given its own env must not leak.
    region: arnClientRegion(arn, 'secretsmanager', env) ?? 'us-east-1',
    // Passed explicitly for an injected environment; from process.env the SDK reads it on its own.
    ...(endpoint ? { endpoint } : {}),
    // The keep-alive agent holding the connection the entry opened before anything loaded (warmup.ts), so
    // the read costs its one round trip, not a handshake stalled behind module loading.
    requestHandler: { requestTimeout: 5_000, throwOnRequestTimeout: true, httpsAgent: warmAgent },
  });
  let secretString: string | undefined;
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    secretString = out.SecretString;
  } catch (err) {
    const name = (err as { name?: string }).name ?? 'Error';
    const message = err instanceof Error ? err.message.slice(0, 200) : String(err).slice(0, 200);
    throw secretError(
      arn,
      `GetSecretValue failed (${name}: ${message})`,
      'check that the secret exists in this region and that the function role may call secretsmanager:GetSecretValue on it',
      err,
    );
  }
  // Not `client.destroy()`: it would destroy the shared agent (KMS and the provider use it). The agent's idle
  // sockets are unreferenced, so they never keep a process alive.
  return parseSecretString(arn, secretString);
}

/**
 * Loads the provider secret named by `env.EMAIL_SECRETS_ARN` (one `GetSecretValue`, cached for the life of
 * the process); `{}` when it is unset. Honours `AWS_ENDPOINT_URL_SECRETS_MANAGER`.
 * Rejects with a `DispatcherError` (`CONFIG_INVALID`) naming the secret, never its contents.
 * @example
 * const secrets = await loadSecrets(process.env);
 * const env = { ...secrets, ...process.env };
 */
export function loadSecrets(env: Env): Promise<Record<string, string>> {
  const arn = env.EMAIL_SECRETS_ARN?.trim();
  if (!arn) return Promise.resolve({});
  const key = `${arn}\0${env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? ''}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = read(arn, env);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

/** Forgets cached secrets (tests; a rotated secret is picked up by the next cold start anyway). */
export function clearSecretsCache(): void {
  cache.clear();
}
