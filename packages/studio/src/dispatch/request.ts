/**
 * What a send asks for, checked before any event is built: the trigger, the address, the providers (and their
 * credentials), the locale and brand against what the studio compiled. Each error names the field and lists
 * the valid choices.
 */
import {
  isEmailAddress,
  PROVIDER_NAMES,
  TRIGGERS,
  type TriggerInfo,
  triggerInfo,
} from '@mailroom/shared-types';
import { StudioError } from '../errors.js';
import type { StudioBrand } from '../types.js';

/** What to send. Names are validated here, with the valid choices listed on error. */
export interface DispatchRequest {
  /** `ForgotPassword`, `CustomEmailSender_ForgotPassword`, or any case of either. */
  trigger: string;
  email: string;
  locale?: string;
  brand?: string;
  /** `outbox` (default), a provider name, or a comma list (failover chain). */
  provider?: string;
  /** The code (or AdminCreateUser temporary password) to encrypt; random when omitted. */
  code?: string;
  userName?: string;
  /** Extra user attributes (account take-over fields, `given_name`, …). */
  userAttributes?: Record<string, string>;
  clientMetadata?: Record<string, string>;
}

/** Locales and brands of the built registry. */
export interface Catalog {
  locales: string[];
  brands: StudioBrand[];
}

/** Whether the user brought AWS credentials (checked before dummy ones are used for the KMS stand-in). */
const USER_HAS_AWS_CREDENTIALS = Boolean(
  process.env.AWS_ACCESS_KEY_ID ||
    process.env.AWS_PROFILE ||
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI,
);

/** Credentials each provider needs from the environment (when no `EMAIL_SECRETS_ARN` provides them). */
const PROVIDER_ENV: Record<string, string[]> = {
  sendgrid: ['SENDGRID_API_KEY'],
  mailgun: ['MAILGUN_API_KEY', 'MAILGUN_DOMAIN'],
  brevo: ['BREVO_API_KEY'],
  smtp: ['SMTP_URL'],
  ses: [],
  outbox: [],
};

function checkProvider(name: string, env: NodeJS.ProcessEnv): void {
  if (!(PROVIDER_NAMES as readonly string[]).includes(name)) {
    throw new StudioError(`unknown provider "${name}"`, { choices: [...PROVIDER_NAMES] });
  }
  if (name === 'ses' && !USER_HAS_AWS_CREDENTIALS && !env.AWS_ENDPOINT_URL_SESV2) {
    // Dummy credentials are used for the KMS stand-in; real SES would reject them with a confusing 403.
    throw new StudioError(
      'provider "ses" needs AWS credentials in the environment (AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, or ' +
        'AWS_PROFILE) or AWS_ENDPOINT_URL_SESV2 for a local SES; or use --provider outbox',
    );
  }
  const missing = env.EMAIL_SECRETS_ARN ? [] : (PROVIDER_ENV[name] ?? []).filter((key) => !env[key]);
  if (missing.length > 0) {
    throw new StudioError(
      `provider "${name}" needs ${missing.join(' and ')} in the environment (or EMAIL_SECRETS_ARN); ` +
        `export ${missing.map((key) => `${key}=…`).join(' ')} or use --provider outbox`,
    );
  }
}

/**
 * Checks a provider name or failover list against the known providers and their credentials.
 * @example parseProviders('sendgrid,ses', process.env) // ['sendgrid', 'ses']
 */
export function parseProviders(value: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0) throw new StudioError('--provider is empty', { choices: [...PROVIDER_NAMES] });
  for (const name of names) checkProvider(name, env);
  return names;
}

/**
 * Resolves a trigger name (short, full source, any case) or throws listing the valid ones.
 * @example resolveTrigger('forgotpassword').source // 'CustomEmailSender_ForgotPassword'
 */
export function resolveTrigger(value: string): TriggerInfo {
  const info = triggerInfo(value);
  if (!info) throw new StudioError(`unknown trigger "${value}"`, { choices: TRIGGERS.map((t) => t.name) });
  return info;
}

/**
 * Refuses, before any event is built, an address the dispatcher would refuse (shared-types' one pattern).
 * @example validateEmail('jane@example.com') // ok; validateEmail('jane') throws
 */
export function validateEmail(email: string): void {
  if (!isEmailAddress(email)) {
    throw new StudioError(`"${email}" is not an email address; pass e.g. --email jane@example.com`);
  }
}

/**
 * The brand a request names, checked against the catalog (with the locale); `undefined` when it names none.
 * @example catalogBrand({ trigger: 'SignUp', email: 'a@b.c', brand: 'acme' }, catalog)?.clientIds
 */
export function catalogBrand(
  request: DispatchRequest,
  catalog: Catalog | undefined,
): StudioBrand | undefined {
  if (request.locale && catalog && !catalog.locales.includes(request.locale)) {
    throw new StudioError(`unknown locale "${request.locale}"`, { choices: catalog.locales });
  }
  const brand = request.brand ? catalog?.brands.find((b) => b.name === request.brand) : undefined;
  if (request.brand && catalog && !brand) {
    throw new StudioError(`unknown brand "${request.brand}"`, { choices: catalog.brands.map((b) => b.name) });
  }
  return brand;
}
