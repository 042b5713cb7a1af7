import { PROVIDER_NAMES, type ProviderName, TRIGGER_NAMES } from '@mailroom/shared-types';
import { InfraError } from './errors.js';

/** Pino levels the dispatcher understands (`LOG_LEVEL`). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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

const USER_POOL_ID = /^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]+$/;
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function optionalString(value: unknown, field: string, problems: string[]): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    problems.push(`${field}: expected a string, got ${describe(value)}`);
    return undefined;
  }
  return value.trim();
}

function bool(value: unknown, field: string, fallback: boolean, problems: string[]): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  problems.push(`${field}: expected true or false, got ${describe(value)}`);
  return fallback;
}

function list(value: unknown, field: string, problems: string[]): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((s) => s.trim());
  problems.push(`${field}: expected a comma list or an array of strings, got ${describe(value)}`);
  return [];
}

function parseProviders(value: unknown, problems: string[]): ProviderName[] {
  const names = list(value, 'emailProvider', problems);
  if (names.length === 0 && problems.every((p) => !p.startsWith('emailProvider'))) {
    problems.push(
      `emailProvider: expected a provider or a comma list in failover order (${DEPLOYABLE_PROVIDERS.join(', ')}), got ${describe(value)}`,
    );
  }
  const chain: ProviderName[] = [];
  for (const name of names) {
    if (name === 'outbox') {
      problems.push(
        'emailProvider: "outbox" is the local dev sink and cannot deliver from Lambda; use a real provider',
      );
    } else if (!(DEPLOYABLE_PROVIDERS as readonly string[]).includes(name)) {
      problems.push(
        `emailProvider: unknown provider "${name}", expected one of ${DEPLOYABLE_PROVIDERS.join(', ')}`,
      );
    } else if (chain.includes(name as ProviderName)) {
      problems.push(`emailProvider: "${name}" appears twice in the chain; list each provider once`);
    } else {
      chain.push(name as ProviderName);
    }
  }
  return chain;
}

function parseFrom(value: unknown, problems: string[]): { emailFrom: string; fromAddress: string } {
  const raw = optionalString(value, 'emailFrom', problems);
  if (raw === undefined) {
    problems.push('emailFrom: expected a sender like "Acme <no-reply@acme.example>", got nothing');
    return { emailFrom: '', fromAddress: '' };
  }
  const angle = /<([^<>]+)>\s*$/.exec(raw);
  const fromAddress = (angle?.[1] ?? raw).trim();
  if (!ADDRESS.test(fromAddress) || /[\r\n]/.test(raw)) {
    problems.push(`emailFrom: expected "Name <address>" or a bare address on one line, got ${describe(raw)}`);
  }
  return { emailFrom: raw, fromAddress };
}

function parseUrl(value: unknown, problems: string[]): string {
  const raw = optionalString(value, 'appUrl', problems);
  if (raw === undefined) {
    problems.push('appUrl: expected the https base URL used in email links, got nothing');
    return '';
  }
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:')
      problems.push(`appUrl: links in emails must use https, got ${describe(raw)}`);
  } catch {
    problems.push(`appUrl: expected an absolute URL like https://app.example.com, got ${describe(raw)}`);
  }
  return raw;
}

function parseArn(value: unknown, field: string, service: string, problems: string[]): string | undefined {
  const raw = optionalString(value, field, problems);
  if (raw === undefined) return undefined;
  if (!new RegExp(`^arn:aws[a-z-]*:${service}:`).test(raw)) {
    problems.push(`${field}: expected a full ${service} ARN (arn:aws:${service}:…), got ${describe(raw)}`);
  }
  return raw;
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

  const emailProvider = parseProviders(raw.emailProvider, problems);
  const { emailFrom, fromAddress } = parseFrom(raw.emailFrom, problems);
  const emailReplyTo = optionalString(raw.emailReplyTo, 'emailReplyTo', problems);
  if (emailReplyTo !== undefined && /[\r\n]/.test(emailReplyTo)) {
    problems.push('emailReplyTo: must be on one line (no CR or LF)');
  }
  const appUrl = parseUrl(raw.appUrl, problems);
  const defaultLocale = optionalString(raw.defaultLocale, 'defaultLocale', problems) ?? 'en';
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(defaultLocale)) {
    problems.push(
      `defaultLocale: expected a BCP 47 tag like "en" or "pt-BR", got ${describe(defaultLocale)}`,
    );
  }
  const logLevelRaw = optionalString(raw.logLevel, 'logLevel', problems) ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevelRaw)) {
    problems.push(`logLevel: expected one of ${LOG_LEVELS.join(', ')}, got ${describe(logLevelRaw)}`);
  }

  const existingUserPoolId = optionalString(raw.existingUserPoolId, 'existingUserPoolId', problems);
  if (existingUserPoolId !== undefined && !USER_POOL_ID.test(existingUserPoolId)) {
    problems.push(
      `existingUserPoolId: expected a user pool id like "eu-west-1_AbC123xyz", got ${describe(existingUserPoolId)}`,
    );
  }
  const selfSignUpEnabled = bool(raw.selfSignUpEnabled, 'selfSignUpEnabled', false, problems);
  if (existingUserPoolId !== undefined && raw.selfSignUpEnabled !== undefined) {
    problems.push(
      'selfSignUpEnabled: only applies to a pool this stack creates; drop it or drop existingUserPoolId',
    );
  }

  const providerSecretArn = parseArn(raw.providerSecretArn, 'providerSecretArn', 'secretsmanager', problems);
  if (providerSecretArn !== undefined && !/:secret:.+-[A-Za-z0-9]{6}$/.test(providerSecretArn)) {
    problems.push(
      'providerSecretArn: expected the complete secret ARN including its 6-character suffix (…:secret:name-AbCdEf), so IAM can scope to it',
    );
  }

  const sesInChain = emailProvider.includes('ses');
  let sesIdentity = optionalString(raw.sesIdentity, 'sesIdentity', problems);
  const sesConfigurationSet = optionalString(raw.sesConfigurationSet, 'sesConfigurationSet', problems);
  if (sesInChain) {
    // The sender's domain is the usual verified identity; an address identity can be named explicitly.
    sesIdentity ??= fromAddress.split('@')[1];
  } else {
    if (sesIdentity !== undefined) problems.push('sesIdentity: set, but "ses" is not in emailProvider');
    if (sesConfigurationSet !== undefined) {
      problems.push('sesConfigurationSet: set, but "ses" is not in emailProvider');
    }
    sesIdentity = undefined;
  }

  const idempotency = bool(raw.idempotency, 'idempotency', true, problems);
  const alarmTopicArn = parseArn(raw.alarmTopicArn, 'alarmTopicArn', 'sns', problems);
  const grantCreatorArn = parseArn(raw.grantCreatorArn, 'grantCreatorArn', 'iam', problems);
  const emailSandbox = bool(raw.emailSandbox, 'emailSandbox', false, problems);
  const disabledTriggers = list(raw.disabledTriggers, 'disabledTriggers', problems);
  for (const name of disabledTriggers) {
    if (!(TRIGGER_NAMES as readonly string[]).includes(name)) {
      problems.push(
        `disabledTriggers: unknown trigger "${name}", expected names from ${TRIGGER_NAMES.join(', ')}`,
      );
    }
  }

  if (problems.length > 0) {
    throw new InfraError(
      'INVALID_CONFIG',
      `Mailroom stack configuration is invalid (set these in cdk.json "context" or with -c key=value):\n${problems
        .map((p) => `  - ${p}`)
        .join('\n')}`,
    );
  }

  return {
    emailProvider,
    emailFrom,
    fromAddress,
    emailReplyTo,
    appUrl,
    defaultLocale,
    logLevel: logLevelRaw as LogLevel,
    existingUserPoolId,
    selfSignUpEnabled,
    providerSecretArn,
    sesIdentity,
    sesConfigurationSet,
    idempotency,
    alarmTopicArn,
    grantCreatorArn,
    emailSandbox,
    disabledTriggers,
  };
}
