/**
 * The configuration contract (design.md), parsed once per cold start. Every problem is collected and
 * reported together in one `ConfigError`, so a bad deployment is fixed in one round trip.
 * Provider-specific requirements come from each provider module's `requiredEnv`, so adding a provider never
 * touches this file.
 */
import {
  type Address,
  isAllowedLinkBase,
  PROVIDER_NAMES,
  type ProviderName,
  TRIGGER_NAMES,
  type TriggerName,
  triggerInfo,
} from '@mailroom/shared-types';
import { ConfigError } from './errors.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import { providerTemplateProblems } from './provider-templates.js';
import type { ProviderModule } from './providers/types.js';

export type Env = Record<string, string | undefined>;

/** Everything the handler needs, validated. `env` is the environment merged with the secret (for providers). */
export interface Config {
  providers: ProviderName[];
  from: Address;
  replyTo: Address | undefined;
  /** Empty only in local mode (every provider is `outbox`): then any key in the message is tried. */
  kmsKeyArns: string[];
  userPoolId: string | undefined;
  sandbox: boolean;
  appUrl: string | undefined;
  defaultLocale: string | undefined;
  disabledTriggers: ReadonlySet<TriggerName>;
  outboxDir: string;
  logPii: boolean;
  logLevel: LogLevel;
  secretsArn: string | undefined;
  idempotencyTable: string | undefined;
  env: Env;
}

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key\/[A-Za-z0-9-]+$/;
const POOL_ID = /^[a-z]{2}(-[a-z]+)+-\d_[A-Za-z0-9]+$/;
const EMAIL = /^[^\s@<>",;:()[\]\\]+@[^\s@<>",;:()[\]\\]+\.[^\s@<>",;:()[\]\\]+$/;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function blank(value: string | undefined): value is undefined {
  return value === undefined || value.trim() === '';
}

/**
 * Parses `Name <address>`, `"Name, Inc." <address>` or a bare `address`.
 * @example parseAddress('Acme <no-reply@acme.test>') // { name: 'Acme', address: 'no-reply@acme.test' }
 */
export function parseAddress(input: string): Address | undefined {
  const value = input.trim();
  if (/[\r\n\0]/.test(value)) return undefined;
  const angle = /^(.*?)\s*<([^<>]+)>$/.exec(value);
  if (angle) {
    const address = (angle[2] ?? '').trim();
    let name = (angle[1] ?? '').trim();
    if (name.startsWith('"') && name.endsWith('"') && name.length >= 2) name = name.slice(1, -1).trim();
    if (!EMAIL.test(address)) return undefined;
    return name ? { name, address } : { address };
  }
  return EMAIL.test(value) ? { address: value } : undefined;
}

function parseBoolean(name: string, value: string | undefined, problems: string[]): boolean {
  if (blank(value)) return false;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  problems.push(`${name}: expected true or false, got "${value.slice(0, 40)}"`);
  return false;
}

/** Result of the synchronous pass: what could be parsed plus every problem found so far. */
export interface BaseConfigResult {
  config: Omit<Config, 'env'>;
  problems: string[];
}

/**
 * Checks every provider-independent variable. Never throws; problems are returned.
 * @example parseBaseConfig({ EMAIL_PROVIDER: 'outbox', EMAIL_FROM: 'a@b.test' }).problems // []
 */
export function parseBaseConfig(env: Env): BaseConfigResult {
  const problems: string[] = [];

  const providers: ProviderName[] = [];
  const rawProviders = list(env.EMAIL_PROVIDER);
  if (rawProviders.length === 0) {
    problems.push(
      `EMAIL_PROVIDER is required: one of ${PROVIDER_NAMES.join(', ')}, or a comma list (failover order)`,
    );
  }
  for (const raw of rawProviders) {
    const name = raw.toLowerCase() as ProviderName;
    if (!PROVIDER_NAMES.includes(name)) {
      problems.push(`EMAIL_PROVIDER: unknown provider "${raw}" (known: ${PROVIDER_NAMES.join(', ')})`);
    } else if (providers.includes(name)) {
      problems.push(`EMAIL_PROVIDER: provider "${name}" is listed twice`);
    } else {
      providers.push(name);
    }
  }

  let from: Address = { address: '' };
  if (blank(env.EMAIL_FROM)) {
    problems.push('EMAIL_FROM is required, e.g. "Acme <no-reply@acme.com>"');
  } else {
    const parsed = parseAddress(env.EMAIL_FROM);
    if (parsed) from = parsed;
    else
      problems.push(
        `EMAIL_FROM: expected "Name <address>" or "address", got "${env.EMAIL_FROM.slice(0, 80)}"`,
      );
  }

  let replyTo: Address | undefined;
  if (!blank(env.EMAIL_REPLY_TO)) {
    replyTo = parseAddress(env.EMAIL_REPLY_TO);
    if (!replyTo) {
      problems.push(
        `EMAIL_REPLY_TO: expected "Name <address>" or "address", got "${env.EMAIL_REPLY_TO.slice(0, 80)}"`,
      );
    }
  }

  const localMode = providers.length > 0 && providers.every((p) => p === 'outbox');
  const kmsKeyArns = list(env.KMS_KEY_ARN);
  if (kmsKeyArns.length === 0 && !localMode) {
    problems.push(
      'KMS_KEY_ARN is required (the full key ARN Cognito encrypts with, e.g. arn:aws:kms:eu-west-1:123456789012:key/…; a comma list during key rotation)',
    );
  }
  for (const arn of kmsKeyArns) {
    if (KEY_ARN.test(arn)) continue;
    const hint = arn.includes(':alias/')
      ? 'an alias never matches: Cognito names the key ARN in the ciphertext'
      : 'expected arn:aws:kms:<region>:<account>:key/<key-id>';
    problems.push(`KMS_KEY_ARN: "${arn.slice(0, 120)}" is not a KMS key ARN (${hint})`);
  }

  let userPoolId: string | undefined;
  if (!blank(env.USER_POOL_ID)) {
    userPoolId = env.USER_POOL_ID.trim();
    if (!POOL_ID.test(userPoolId)) {
      problems.push(
        `USER_POOL_ID: expected a pool id like eu-west-1_AbC123, got "${userPoolId.slice(0, 60)}"`,
      );
    }
  }

  let appUrl: string | undefined;
  if (!blank(env.APP_URL)) {
    appUrl = env.APP_URL.trim();
    let url: URL | undefined;
    try {
      url = new URL(appUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      problems.push(`APP_URL: expected an http(s) URL, got "${appUrl.slice(0, 80)}"`);
    } else if (!isAllowedLinkBase(url)) {
      // The renderer refuses such links (INVALID_LINK) for every email: say so now, not at each send.
      problems.push(
        `APP_URL: links must use https (http only for localhost previews); got ${url.protocol}//${url.host} — ` +
          `set APP_URL to https://${url.host}`,
      );
    }
  }

  const disabledTriggers = new Set<TriggerName>();
  for (const raw of list(env.DISABLED_TRIGGERS)) {
    const info = triggerInfo(raw);
    if (info) disabledTriggers.add(info.name);
    else problems.push(`DISABLED_TRIGGERS: unknown trigger "${raw}" (known: ${TRIGGER_NAMES.join(', ')})`);
  }

  let logLevel: LogLevel = 'info';
  if (!blank(env.LOG_LEVEL)) {
    const level = env.LOG_LEVEL.trim().toLowerCase() as LogLevel;
    if (LOG_LEVELS.includes(level)) logLevel = level;
    else
      problems.push(
        `LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL.slice(0, 20)}"`,
      );
  }

  const sandbox = parseBoolean('EMAIL_SANDBOX', env.EMAIL_SANDBOX, problems);
  const logPii = parseBoolean('LOG_PII', env.LOG_PII, problems);

  return {
    config: {
      providers,
      from,
      replyTo,
      kmsKeyArns,
      userPoolId,
      sandbox,
      appUrl,
      defaultLocale: blank(env.DEFAULT_LOCALE) ? undefined : env.DEFAULT_LOCALE.trim(),
      disabledTriggers,
      outboxDir: blank(env.OUTBOX_DIR) ? '.mailroom/outbox' : env.OUTBOX_DIR.trim(),
      logPii,
      logLevel,
      secretsArn: blank(env.EMAIL_SECRETS_ARN) ? undefined : env.EMAIL_SECRETS_ARN.trim(),
      idempotencyTable: blank(env.IDEMPOTENCY_TABLE) ? undefined : env.IDEMPOTENCY_TABLE.trim(),
    },
    problems,
  };
}

/** What `loadConfig` needs from the outside; injectable so unit tests use real modules without network. */
export interface ConfigDependencies {
  loadProvider(name: ProviderName): Promise<ProviderModule>;
  /** Reads `EMAIL_SECRETS_ARN` (one GetSecretValue). Only called when that variable is set. */
  loadSecrets(env: Env): Promise<Record<string, string>>;
  /** Extra checks on the parsed config (e.g. `DEFAULT_LOCALE` against the template registry). */
  validate?(config: Omit<Config, 'env'>): string[];
}

/**
 * Parses and validates the whole configuration, loading the configured provider modules (and only those)
 * and the Secrets Manager secret. Throws one `ConfigError` listing every problem.
 * Plain environment variables win over secret keys of the same name (local overrides stay possible).
 * @example
 * const { config, modules } = await loadConfig(process.env, { loadProvider, loadSecrets });
 */
export async function loadConfig(
  env: Env,
  deps: ConfigDependencies,
): Promise<{ config: Config; modules: Map<ProviderName, ProviderModule> }> {
  const { config: base, problems } = parseBaseConfig(env);
  if (deps.validate) problems.push(...deps.validate(base));

  let merged: Env = { ...env };
  if (base.secretsArn) {
    try {
      const secrets = await deps.loadSecrets(env);
      merged = { ...secrets };
      for (const [key, value] of Object.entries(env)) if (!blank(value)) merged[key] = value;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      problems.push(`EMAIL_SECRETS_ARN: could not read the secret (${reason.slice(0, 200)})`);
    }
  }

  const modules = new Map<ProviderName, ProviderModule>();
  for (const name of base.providers) {
    try {
      const mod = await deps.loadProvider(name);
      modules.set(name, mod);
      problems.push(...mod.requiredEnv(merged));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      problems.push(`EMAIL_PROVIDER: provider "${name}" could not be loaded (${reason.slice(0, 200)})`);
    }
  }

  problems.push(...providerTemplateProblems(merged));

  if (problems.length > 0) throw new ConfigError(problems);
  return { config: { ...base, env: merged }, modules };
}
