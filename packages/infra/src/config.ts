/**
 * The stack's configuration: the variables the function will read are validated with the dispatcher's own
 * schema (`parseEnvContract` in shared-types, deployment profile), each context key mapped to its variable
 * (`emailProvider` → `EMAIL_PROVIDER`, …), so a stack the dispatcher would refuse at cold start never
 * synthesises. Keys only the stack reads (pool, secret, alarms, SES identity) are checked here. Every problem
 * is reported at once.
 */
import {
  type EnvContract,
  type EnvVariable,
  LOG_LEVELS,
  type LogLevel,
  PROVIDER_NAMES,
  type ProviderName,
  parseEnvContract,
  SES_CONFIGURATION_SET_PATTERN,
} from '@mailroom/shared-types';
import { InfraError } from './errors.js';

export { LOG_LEVELS, type LogLevel };

/** The providers a deployed function may use: `outbox` writes local files and only makes sense in dev. */
export const DEPLOYABLE_PROVIDERS: readonly ProviderName[] = PROVIDER_NAMES.filter((p) => p !== 'outbox');

/**
 * Everything the stack needs to know about the deployment, already validated. Built by
 * {@link resolveMailroomConfig} from raw stack props or CDK context.
 */
export interface MailroomConfig {
  emailProvider: ProviderName[];
  emailFrom: string;
  /** The bare address inside `emailFrom` (for deriving the SES identity). */
  fromAddress: string;
  emailReplyTo: string | undefined;
  appUrl: string;
  defaultLocale: string;
  logLevel: LogLevel;
  existingUserPoolId: string | undefined;
  selfSignUpEnabled: boolean;
  providerSecretArn: string | undefined;
  /** SES identity (domain or address) the function may send as; only set when `ses` is in the chain. */
  sesIdentity: string | undefined;
  sesConfigurationSet: string | undefined;
  idempotency: boolean;
  alarmTopicArn: string | undefined;
  grantCreatorArn: string | undefined;
  emailSandbox: boolean;
  disabledTriggers: string[];
  /** `PROVIDER_ATTEMPT_TIMEOUT_MS` when set explicitly (the function then caps each attempt at it). */
  providerAttemptTimeoutMs: number | undefined;
  /** The cap the function applies per attempt (the explicit value, else the dispatcher's default). */
  attemptTimeoutMs: number;
}

/** Raw, loosely typed input: what `cdk.json` context or `-c key=value` flags can hold. */
export interface RawMailroomConfig {
  emailProvider?: unknown;
  emailFrom?: unknown;
  emailReplyTo?: unknown;
  appUrl?: unknown;
  defaultLocale?: unknown;
  logLevel?: unknown;
  existingUserPoolId?: unknown;
  selfSignUpEnabled?: unknown;
  providerSecretArn?: unknown;
  sesIdentity?: unknown;
  sesConfigurationSet?: unknown;
  idempotency?: unknown;
  alarmTopicArn?: unknown;
  grantCreatorArn?: unknown;
  emailSandbox?: unknown;
  disabledTriggers?: unknown;
  /** A CDK `Duration` (stack props) or whole milliseconds. */
  providerAttemptTimeout?: unknown;
}

/** Context keys the app reads, in the order the README documents them. */
export const CONTEXT_KEYS = [
  'emailProvider',
  'emailFrom',
  'emailReplyTo',
  'appUrl',
  'defaultLocale',
  'logLevel',
  'existingUserPoolId',
  'selfSignUpEnabled',
  'providerSecretArn',
  'sesIdentity',
  'sesConfigurationSet',
  'idempotency',
  'alarmTopicArn',
  'grantCreatorArn',
  'emailSandbox',
  'disabledTriggers',
] as const satisfies readonly (keyof RawMailroomConfig)[];

/** Context keys that are the function's environment variables, validated by the shared schema. */
const CONTRACT_KEYS = {
  emailProvider: 'EMAIL_PROVIDER',
  emailFrom: 'EMAIL_FROM',
  emailReplyTo: 'EMAIL_REPLY_TO',
  appUrl: 'APP_URL',
  defaultLocale: 'DEFAULT_LOCALE',
  logLevel: 'LOG_LEVEL',
  existingUserPoolId: 'USER_POOL_ID',
  emailSandbox: 'EMAIL_SANDBOX',
  disabledTriggers: 'DISABLED_TRIGGERS',
  providerAttemptTimeout: 'PROVIDER_ATTEMPT_TIMEOUT_MS',
} as const satisfies Partial<Record<keyof RawMailroomConfig, EnvVariable>>;

type ContractKey = keyof typeof CONTRACT_KEYS;

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** A context value as the environment variable's text: strings, string lists, booleans, Durations, ms. */
function asVariable(key: ContractKey, value: unknown, problems: string[]): string | undefined {
  if (isBlank(value)) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
  const toMs = (value as { toMilliseconds?: unknown }).toMilliseconds;
  if (typeof toMs === 'function') return String(toMs.call(value));
  if (typeof value === 'number' && key === 'providerAttemptTimeout') return String(value);
  problems.push(
    `${key}: expected a string${key.endsWith('s') ? ' or an array of strings' : ''}, got ${describe(value)}`,
  );
  return undefined;
}

/** The shared schema over the context keys that are environment variables; problems named by context key. */
function parseContract(raw: RawMailroomConfig, problems: string[]): EnvContract {
  const env: Record<string, string | undefined> = {};
  const keyOf = new Map<EnvVariable, ContractKey>();
  for (const [key, variable] of Object.entries(CONTRACT_KEYS) as [ContractKey, EnvVariable][]) {
    env[variable] = asVariable(key, raw[key], problems);
    keyOf.set(variable, key);
  }
  const { contract, problems: found } = parseEnvContract(env, { deployment: true });
  for (const problem of found) {
    const key = keyOf.get(problem.variable);
    problems.push(key ? problem.message.replace(problem.variable, key) : problem.message);
  }
  return contract;
}

function optionalString(value: unknown, field: string, problems: string[]): string | undefined {
  if (isBlank(value)) return undefined;
  if (typeof value !== 'string') {
    problems.push(`${field}: expected a string, got ${describe(value)}`);
    return undefined;
  }
  return value.trim();
}

function bool(value: unknown, field: string, fallback: boolean, problems: string[]): boolean {
  if (isBlank(value)) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  problems.push(`${field}: expected true or false, got ${describe(value)}`);
  return fallback;
}

function parseArn(value: unknown, field: string, service: string, problems: string[]): string | undefined {
  const raw = optionalString(value, field, problems);
  if (raw === undefined) return undefined;
  if (!new RegExp(`^arn:aws[a-z-]*:${service}:`).test(raw)) {
    problems.push(`${field}: expected a full ${service} ARN (arn:aws:${service}:…), got ${describe(raw)}`);
  }
  return raw;
}

function parseSecretArn(raw: RawMailroomConfig, problems: string[]): string | undefined {
  const arn = parseArn(raw.providerSecretArn, 'providerSecretArn', 'secretsmanager', problems);
  if (arn !== undefined && !/:secret:.+-[A-Za-z0-9]{6}$/.test(arn)) {
    problems.push(
      'providerSecretArn: expected the complete secret ARN including its 6-character suffix (…:secret:name-AbCdEf), so IAM can scope to it',
    );
  }
  return arn;
}

function parseSelfSignUp(raw: RawMailroomConfig, existingPool: boolean, problems: string[]): boolean {
  const selfSignUpEnabled = bool(raw.selfSignUpEnabled, 'selfSignUpEnabled', false, problems);
  if (existingPool && raw.selfSignUpEnabled !== undefined) {
    problems.push(
      'selfSignUpEnabled: only applies to a pool this stack creates; drop it or drop existingUserPoolId',
    );
  }
  return selfSignUpEnabled;
}

function parseSes(
  raw: RawMailroomConfig,
  chain: readonly ProviderName[],
  fromAddress: string,
  problems: string[],
): { sesIdentity: string | undefined; sesConfigurationSet: string | undefined } {
  const sesIdentity = optionalString(raw.sesIdentity, 'sesIdentity', problems);
  const sesConfigurationSet = optionalString(raw.sesConfigurationSet, 'sesConfigurationSet', problems);
  if (sesConfigurationSet !== undefined && !SES_CONFIGURATION_SET_PATTERN.test(sesConfigurationSet)) {
    problems.push('sesConfigurationSet: expected a configuration set name (letters, digits, _ and -, ≤ 64)');
  }
  if (chain.includes('ses')) {
    // The sender's domain is the usual verified identity; an address identity can be named explicitly.
    return { sesIdentity: sesIdentity ?? fromAddress.split('@')[1], sesConfigurationSet };
  }
  if (sesIdentity !== undefined) problems.push('sesIdentity: set, but "ses" is not in emailProvider');
  if (sesConfigurationSet !== undefined)
    problems.push('sesConfigurationSet: set, but "ses" is not in emailProvider');
  return { sesIdentity: undefined, sesConfigurationSet };
}

/**
 * Validates raw configuration and reports every problem at once, naming the field and the fix.
 *
 * @example
 * const config = resolveMailroomConfig({
 *   emailProvider: 'sendgrid,ses',
 *   emailFrom: 'Acme <no-reply@acme.example>',
 *   appUrl: 'https://app.acme.example',
 * });
 * config.emailProvider; // ['sendgrid', 'ses']
 */
export function resolveMailroomConfig(raw: RawMailroomConfig): MailroomConfig {
  const problems: string[] = [];
  const contract = parseContract(raw, problems);
  const fromAddress = contract.from?.address ?? '';
  const selfSignUpEnabled = parseSelfSignUp(raw, contract.userPoolId !== undefined, problems);
  const providerSecretArn = parseSecretArn(raw, problems);
  const ses = parseSes(raw, contract.providers, fromAddress, problems);
  const idempotency = bool(raw.idempotency, 'idempotency', true, problems);
  const alarmTopicArn = parseArn(raw.alarmTopicArn, 'alarmTopicArn', 'sns', problems);
  const grantCreatorArn = parseArn(raw.grantCreatorArn, 'grantCreatorArn', 'iam', problems);

  if (problems.length > 0) {
    throw new InfraError(
      'INVALID_CONFIG',
      `Mailroom stack configuration is invalid (set these in cdk.json "context" or with -c key=value):\n${problems
        .map((p) => `  - ${p}`)
        .join('\n')}`,
    );
  }

  return {
    emailProvider: contract.providers,
    emailFrom: String(raw.emailFrom).trim(),
    fromAddress,
    emailReplyTo:
      typeof raw.emailReplyTo === 'string' && raw.emailReplyTo.trim() ? raw.emailReplyTo.trim() : undefined,
    appUrl: contract.appUrl ?? '',
    defaultLocale: contract.defaultLocale ?? 'en',
    logLevel: contract.logLevel,
    existingUserPoolId: contract.userPoolId,
    selfSignUpEnabled,
    providerSecretArn,
    ...ses,
    idempotency,
    alarmTopicArn,
    grantCreatorArn,
    emailSandbox: contract.sandbox,
    disabledTriggers: contract.disabledTriggers,
    providerAttemptTimeoutMs: isBlank(raw.providerAttemptTimeout) ? undefined : contract.attemptTimeoutMs,
    attemptTimeoutMs: contract.attemptTimeoutMs,
  };
}
