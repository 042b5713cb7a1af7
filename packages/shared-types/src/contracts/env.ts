/**
 * The configuration contract (design.md, "Configuration contract") as one schema: every provider-independent
 * variable, its rule and its message. The dispatcher parses its environment with it at cold start; infra
 * validates its stack context with it (mapping context keys to these names) before it writes the function's
 * environment, so a deployment the dispatcher would refuse never synthesises. Provider variables are each
 * adapter's (`PROVIDER_VARIABLES` names them).
 *
 * Every problem is collected, never thrown: callers report them all at once.
 */
import type { Address, ProviderName } from '../email.js';
import { PROVIDER_NAMES } from '../email.js';
import { isAllowedLinkBase } from '../links.js';
import { parseAddress } from './email-address.js';
import { PROVIDER_ATTEMPT_CAP_MS } from './limits.js';
import { TRIGGER_NAMES, type TriggerName, triggerInfo } from './triggers.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Pino levels `LOG_LEVEL` accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Bounds of `PROVIDER_ATTEMPT_TIMEOUT_MS`: shorter cannot finish a TLS handshake; longer would leave Lambda's
 * 15 minutes no room for a three-provider chain (infra checks the whole chain against that limit).
 */
export const PROVIDER_ATTEMPT_TIMEOUT_RANGE_MS = { min: 100, max: 300_000 } as const;

/** The variables this schema owns. */
export type EnvVariable =
  | 'EMAIL_PROVIDER'
  | 'EMAIL_FROM'
  | 'EMAIL_REPLY_TO'
  | 'KMS_KEY_ARN'
  | 'USER_POOL_ID'
  | 'APP_URL'
  | 'DEFAULT_LOCALE'
  | 'DISABLED_TRIGGERS'
  | 'LOG_LEVEL'
  | 'EMAIL_SANDBOX'
  | 'LOG_PII'
  | 'EMAIL_SECRETS_ARN'
  | 'IDEMPOTENCY_TABLE'
  | 'PROVIDER_ATTEMPT_TIMEOUT_MS';

/** One problem: the variable it is about and the whole message, which starts with the variable's name. */
export interface EnvProblem {
  variable: EnvVariable;
  message: string;
}

/** The parsed contract (defaults filled in; a field with a problem holds its default). */
export interface EnvContract {
  providers: ProviderName[];
  from: Address | undefined;
  replyTo: Address | undefined;
  /** Empty only in local mode (every provider is `outbox`) or for a deployment (the stack supplies the key). */
  kmsKeyArns: string[];
  userPoolId: string | undefined;
  appUrl: string | undefined;
  defaultLocale: string | undefined;
  disabledTriggers: TriggerName[];
  logLevel: LogLevel;
  sandbox: boolean;
  logPii: boolean;
  secretsArn: string | undefined;
  idempotencyTable: string | undefined;
  /** Cap of one provider attempt (`PROVIDER_ATTEMPT_TIMEOUT_MS`, default `PROVIDER_ATTEMPT_CAP_MS`). */
  attemptTimeoutMs: number;
}

/** How strictly to read the contract. */
export interface EnvContractOptions {
  /**
   * Validating a deployment before the function exists (infra): `outbox` cannot deliver from Lambda, links must
   * be https, `APP_URL` is required, and `KMS_KEY_ARN` is not asked for (the stack creates the key).
   */
  deployment?: boolean;
}

export const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key\/[A-Za-z0-9-]+$/;
export const USER_POOL_ID_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d_[A-Za-z0-9]+$/;
/** A BCP 47-shaped tag: `en`, `pt-BR`, `zh-Hant-TW`. */
export const LOCALE_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

type Problems = EnvProblem[];

function add(problems: Problems, variable: EnvVariable, message: string): void {
  problems.push({ variable, message });
}

/**
 * Splits a comma list, trimming and dropping empty items.
 * @example envList(' a, b ,,') // ['a', 'b']
 */
export function envList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parseProviders(env: Env, deployment: boolean, problems: Problems): ProviderName[] {
  const raw = envList(env.EMAIL_PROVIDER);
  const known = deployment ? PROVIDER_NAMES.filter((p) => p !== 'outbox') : PROVIDER_NAMES;
  if (raw.length === 0) {
    const what = `one of ${known.join(', ')}, or a comma list (failover order)`;
    add(problems, 'EMAIL_PROVIDER', `EMAIL_PROVIDER is required: ${what}`);
  }
  const providers: ProviderName[] = [];
  for (const item of raw) {
    const name = item.toLowerCase() as ProviderName;
    if (deployment && name === 'outbox') {
      add(
        problems,
        'EMAIL_PROVIDER',
        'EMAIL_PROVIDER: "outbox" is the local dev sink and cannot deliver from Lambda; use a real provider',
      );
    } else if (!PROVIDER_NAMES.includes(name)) {
      add(
        problems,
        'EMAIL_PROVIDER',
        `EMAIL_PROVIDER: unknown provider "${item}" (known: ${known.join(', ')})`,
      );
    } else if (providers.includes(name)) {
      add(problems, 'EMAIL_PROVIDER', `EMAIL_PROVIDER: provider "${name}" is listed twice`);
    } else {
      providers.push(name);
    }
  }
  return providers;
}

function parseMailbox(
  env: Env,
  variable: 'EMAIL_FROM' | 'EMAIL_REPLY_TO',
  problems: Problems,
): Address | undefined {
  const raw = env[variable];
  if (text(raw) === undefined) {
    if (variable === 'EMAIL_FROM')
      add(problems, variable, 'EMAIL_FROM is required, e.g. "Acme <no-reply@acme.com>"');
    return undefined;
  }
  const parsed = parseAddress(raw as string);
  if (!parsed) {
    add(
      problems,
      variable,
      `${variable}: expected "Name <address>" or "address", got "${(raw as string).slice(0, 80)}"`,
    );
  }
  return parsed;
}

function parseKeyArns(env: Env, required: boolean, problems: Problems): string[] {
  const arns = envList(env.KMS_KEY_ARN);
  if (arns.length === 0 && required) {
    add(
      problems,
      'KMS_KEY_ARN',
      'KMS_KEY_ARN is required (the full key ARN Cognito encrypts with, e.g. arn:aws:kms:eu-west-1:123456789012:key/…; a comma list during key rotation)',
    );
  }
  for (const arn of arns) {
    if (KMS_KEY_ARN_PATTERN.test(arn)) continue;
    const hint = arn.includes(':alias/')
      ? 'an alias never matches: Cognito names the key ARN in the ciphertext'
      : 'expected arn:aws:kms:<region>:<account>:key/<key-id>';
    add(problems, 'KMS_KEY_ARN', `KMS_KEY_ARN: "${arn.slice(0, 120)}" is not a KMS key ARN (${hint})`);
  }
  return arns;
}

function parseUserPoolId(env: Env, problems: Problems): string | undefined {
  const id = text(env.USER_POOL_ID);
  if (id !== undefined && !USER_POOL_ID_PATTERN.test(id)) {
    add(
      problems,
      'USER_POOL_ID',
      `USER_POOL_ID: expected a pool id like eu-west-1_AbC123, got "${id.slice(0, 60)}"`,
    );
  }
  return id;
}

function readUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function parseAppUrl(env: Env, deployment: boolean, problems: Problems): string | undefined {
  const appUrl = text(env.APP_URL);
  if (appUrl === undefined) {
    if (deployment) add(problems, 'APP_URL', 'APP_URL is required: the https base URL used in email links');
    return undefined;
  }
  const url = readUrl(appUrl);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    add(problems, 'APP_URL', `APP_URL: expected an http(s) URL, got "${appUrl.slice(0, 80)}"`);
  } else if (deployment && url.protocol !== 'https:') {
    add(problems, 'APP_URL', `APP_URL: links in emails must use https, got "${appUrl.slice(0, 80)}"`);
  } else if (!isAllowedLinkBase(url)) {
    // The renderer refuses such links (INVALID_LINK) for every email: say so now, not at each send.
    add(
      problems,
      'APP_URL',
      `APP_URL: links must use https (http only for localhost previews); got ${url.protocol}//${url.host} — set APP_URL to https://${url.host}`,
    );
  }
  return appUrl;
}

function parseLocale(env: Env, problems: Problems): string | undefined {
  const locale = text(env.DEFAULT_LOCALE);
  if (locale !== undefined && !LOCALE_PATTERN.test(locale)) {
    add(
      problems,
      'DEFAULT_LOCALE',
      `DEFAULT_LOCALE: expected a BCP 47 tag like "en" or "pt-BR", got "${locale.slice(0, 40)}"`,
    );
  }
  return locale;
}

function parseTriggers(env: Env, problems: Problems): TriggerName[] {
  const names: TriggerName[] = [];
  for (const raw of envList(env.DISABLED_TRIGGERS)) {
    const info = triggerInfo(raw);
    if (!info) {
      add(
        problems,
        'DISABLED_TRIGGERS',
        `DISABLED_TRIGGERS: unknown trigger "${raw}" (known: ${TRIGGER_NAMES.join(', ')})`,
      );
    } else if (!names.includes(info.name)) {
      names.push(info.name);
    }
  }
  return names;
}

/**
 * Reads `LOG_LEVEL` leniently (`info` when unset or unknown): for the logger, which must exist before the
 * configuration is parsed so that configuration problems can be logged.
 * @example logLevelOf({ LOG_LEVEL: 'DEBUG' }) // 'debug'
 */
export function logLevelOf(env: Env): LogLevel {
  const level = env.LOG_LEVEL?.trim().toLowerCase() as LogLevel | undefined;
  return level && LOG_LEVELS.includes(level) ? level : 'info';
}

function parseLogLevel(env: Env, problems: Problems): LogLevel {
  const raw = text(env.LOG_LEVEL);
  if (raw !== undefined && !LOG_LEVELS.includes(raw.toLowerCase() as LogLevel)) {
    add(
      problems,
      'LOG_LEVEL',
      `LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got "${raw.slice(0, 20)}"`,
    );
  }
  return logLevelOf(env);
}

/**
 * Reads a boolean variable: `true`/`1` or `false`/`0` (any case); `undefined` when unset or anything else.
 * @example envFlag('TRUE') // true
 */
export function envFlag(value: string | undefined): boolean | undefined {
  const v = value?.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}

function parseBoolean(env: Env, variable: 'EMAIL_SANDBOX' | 'LOG_PII', problems: Problems): boolean {
  const raw = env[variable];
  if (text(raw) === undefined) return false;
  const value = envFlag(raw);
  if (value === undefined)
    add(problems, variable, `${variable}: expected true or false, got "${(raw as string).slice(0, 40)}"`);
  return value ?? false;
}

function parseAttemptTimeout(env: Env, problems: Problems): number {
  const raw = text(env.PROVIDER_ATTEMPT_TIMEOUT_MS);
  if (raw === undefined) return PROVIDER_ATTEMPT_CAP_MS;
  const { min, max } = PROVIDER_ATTEMPT_TIMEOUT_RANGE_MS;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (ms >= min && ms <= max) return ms;
  add(
    problems,
    'PROVIDER_ATTEMPT_TIMEOUT_MS',
    `PROVIDER_ATTEMPT_TIMEOUT_MS: expected whole milliseconds from ${min} to ${max}, got "${raw.slice(0, 20)}"`,
  );
  return PROVIDER_ATTEMPT_CAP_MS;
}

/**
 * Parses every variable of the contract and collects every problem (never throws). Outside a deployment,
 * `KMS_KEY_ARN` is required unless every provider is `outbox` (local mode).
 * @example
 * const { contract, problems } = parseEnvContract({ EMAIL_PROVIDER: 'outbox', EMAIL_FROM: 'a@b.test' });
 * problems; // []
 * contract.providers; // ['outbox']
 */
export function parseEnvContract(
  env: Env,
  options: EnvContractOptions = {},
): { contract: EnvContract; problems: EnvProblem[] } {
  const deployment = options.deployment === true;
  const problems: Problems = [];
  const providers = parseProviders(env, deployment, problems);
  const from = parseMailbox(env, 'EMAIL_FROM', problems);
  const replyTo = parseMailbox(env, 'EMAIL_REPLY_TO', problems);
  const localMode = providers.length > 0 && providers.every((p) => p === 'outbox');
  const contract: EnvContract = {
    providers,
    from,
    replyTo,
    kmsKeyArns: parseKeyArns(env, !deployment && !localMode, problems),
    userPoolId: parseUserPoolId(env, problems),
    appUrl: parseAppUrl(env, deployment, problems),
    defaultLocale: parseLocale(env, problems),
    disabledTriggers: parseTriggers(env, problems),
    logLevel: parseLogLevel(env, problems),
    sandbox: parseBoolean(env, 'EMAIL_SANDBOX', problems),
    logPii: parseBoolean(env, 'LOG_PII', problems),
    secretsArn: text(env.EMAIL_SECRETS_ARN),
    idempotencyTable: text(env.IDEMPOTENCY_TABLE),
    attemptTimeoutMs: parseAttemptTimeout(env, problems),
  };
  return { contract, problems };
}
