/** Providers the dispatcher can send through (`EMAIL_PROVIDER`, comma list = failover chain). */
export const PROVIDER_NAMES = ['sendgrid', 'mailgun', 'brevo', 'ses', 'smtp', 'outbox'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** What the template registry produces for one email. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  templateId: string;
  locale: string;
}

/** A mailbox: bare address or with a display name. */
export interface Address {
  address: string;
  name?: string;
}

/**
 * A provider-neutral message. Adapters translate it to their SDK; nothing here is provider specific.
 * `headers` never carry user data unescaped: builders must reject CR/LF (see `assertHeaderSafe`).
 */
export interface EmailMessage {
  from: Address;
  to: Address[];
  replyTo?: Address;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. `X-Mailroom-Trigger`. Names and values must be single-line. */
  headers?: Record<string, string>;
  /** Provider tags / categories (short, ASCII). */
  tags?: string[];
  /** Key/value metadata returned in provider webhooks (custom_args, v:, X-Mailin-custom, EmailTags). */
  metadata?: Record<string, string>;
  /** Stable key for provider-side de-duplication where supported (Brevo idempotency key). */
  idempotencyKey?: string;
  /** Use a provider-hosted template instead of `html`/`text` (per-provider ids, see dispatcher routing). */
  providerTemplate?: { id: string; data: Record<string, unknown> };
}

/** The outcome of one accepted send. */
export interface SendResult {
  provider: ProviderName;
  messageId: string;
  /** Providers tried before this one succeeded (failover), in order. */
  attempts?: { provider: ProviderName; outcome: string }[];
  /**
   * The providers' own time for this message: every attempt's call in the chain, failed ones included,
   * `Retry-After` waits excluded (ms, two decimals). Set by the dispatcher's failover, never by an adapter.
   */
  providerMs?: number;
}

/**
 * Throws when a header name or value could split the header block (CR, LF or NUL).
 * @example assertHeaderSafe('Subject', subject)
 */
export function assertHeaderSafe(name: string, value: string): void {
  if (/[\r\n\0]/.test(name) || /[\r\n\0]/.test(value)) {
    throw new TypeError(
      `header "${name.replace(/[\r\n\0]/g, ' ')}" contains CR, LF or NUL; refusing to send`,
    );
  }
}
