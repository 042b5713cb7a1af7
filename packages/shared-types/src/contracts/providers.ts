/**
 * Provider credentials and settings: which variables each provider reads, and which of them are secrets (in
 * AWS they live in the one Secrets Manager secret named by `EMAIL_SECRETS_ARN`, a JSON object with these
 * keys). The dispatcher's adapters parse them; infra describes the secret with them; the stand-ins and the
 * studio set them.
 */
import type { ProviderName } from '../email.js';

/** Variables one provider reads. */
export interface ProviderVariables {
  /** Secret keys (never in plain environment variables of a deployed function). */
  readonly secrets: readonly string[];
  /** Plain settings (base-URL overrides, regions, TLS options). */
  readonly settings: readonly string[];
}

/** Per provider, what it reads. `ses` authenticates with the function's role, `outbox` needs nothing. */
export const PROVIDER_VARIABLES: Readonly<Record<ProviderName, ProviderVariables>> = {
  sendgrid: { secrets: ['SENDGRID_API_KEY'], settings: ['SENDGRID_API_URL'] },
  mailgun: {
    // The region travels with the key (an EU account's key only works at the EU host).
    secrets: ['MAILGUN_API_KEY', 'MAILGUN_DOMAIN', 'MAILGUN_REGION'],
    settings: ['MAILGUN_API_URL'],
  },
  brevo: { secrets: ['BREVO_API_KEY'], settings: ['BREVO_API_URL'] },
  ses: {
    secrets: [],
    settings: ['SES_REGION', 'SES_CONFIGURATION_SET', 'AWS_ENDPOINT_URL_SESV2'],
  },
  smtp: {
    secrets: ['SMTP_URL'],
    settings: [
      'SMTP_TLS_REJECT_UNAUTHORIZED',
      'SMTP_TLS_CA',
      'SMTP_TLS_SERVERNAME',
      'SMTP_TLS_MIN_VERSION',
      'SMTP_REQUIRE_TLS',
      'SMTP_POOL_MAX_CONNECTIONS',
    ],
  },
  outbox: { secrets: [], settings: ['OUTBOX_DIR'] },
};

/**
 * Every secret key, in provider order, once: what the provider secret may hold.
 * @example PROVIDER_SECRET_KEYS // ['SENDGRID_API_KEY', 'MAILGUN_API_KEY', 'MAILGUN_DOMAIN', 'MAILGUN_REGION', 'BREVO_API_KEY', 'SMTP_URL']
 */
export const PROVIDER_SECRET_KEYS: readonly string[] = Object.values(PROVIDER_VARIABLES).flatMap(
  (v) => v.secrets,
);

/** An SES configuration set name (SES: letters, digits, `_` and `-`, at most 64). */
export const SES_CONFIGURATION_SET_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
