/**
 * The delivery as it moves through the pipeline (validate → route → pool guard → decrypt → recipient →
 * render → compose → deliver → report). Each step takes the delivery so far and returns the next stage, or a
 * `Skip` (nothing to send, on purpose). Failures are thrown and become `email_failed` (outcome.ts). Every
 * stage carries the outcome facts known so far, so the outcome line says how far an invocation got.
 */
import type {
  CustomEmailSenderEvent,
  EmailMessage,
  OutcomeFacts,
  RenderedEmail,
  SendResult,
} from '@mailroom/shared-types';
import type { Recipient } from '../recipient.js';
import type { Route } from '../routing.js';

/** What every stage carries. */
export interface Delivery {
  /** The outcome facts known so far (trigger, pool, template, recipient, provider, …). */
  readonly facts: OutcomeFacts;
  /** Time left in this invocation (`context.getRemainingTimeInMillis`, or a local default). */
  readonly remainingMs: () => number;
}

/** Step 0: what Lambda handed us. */
export interface Invocation extends Delivery {
  readonly raw: unknown;
}

/** After validate: a well-formed event, user text capped. */
export interface Validated extends Delivery {
  readonly event: CustomEmailSenderEvent;
}

/** After route: where it goes, and the ciphertext to decrypt (`null` when the trigger carries no code). */
export interface Routed extends Validated {
  readonly route: Route;
  readonly ciphertext: string | null;
}

/** After decrypt: the plaintext code or temporary password (`null` for takeover notifications). */
export interface Decrypted extends Routed {
  readonly code: string | null;
}

/** After recipient: the address to send to. */
export interface Addressed extends Decrypted {
  readonly recipient: Recipient;
}

/**
 * The per-user data of one email, built once: our templates render it, and provider-hosted templates get it
 * (made one-line by `providerTemplateData`).
 */
export interface TemplateData extends Record<string, unknown> {
  code: string | null;
  username: string;
  email: string;
  userAttributes: Record<string, string>;
  clientMetadata: Record<string, string> | null;
  appUrl?: string;
}

/** After render: the data and what our template made of it. */
export interface Rendered extends Addressed {
  readonly data: TemplateData;
  readonly rendered: RenderedEmail;
}

/** After compose: the provider-neutral message. */
export interface Composed extends Rendered {
  readonly message: EmailMessage;
}

/** After deliver: what the provider that accepted it said. */
export interface Delivered extends Composed {
  readonly result: SendResult;
}

/** Nothing to send, on purpose (a disabled trigger, a duplicate): becomes `email_skipped`. */
export interface Skip {
  readonly skipped: true;
  readonly reason: string;
  readonly facts: OutcomeFacts;
}

/**
 * A skip from `delivery`, with any facts the step learned.
 * @example return skip(routed, 'trigger SignUp is in DISABLED_TRIGGERS');
 */
export function skip(delivery: Delivery, reason: string, facts: Partial<OutcomeFacts> = {}): Skip {
  return { skipped: true, reason, facts: { ...delivery.facts, ...facts } };
}

/**
 * Whether a step's result is a skip.
 * @example if (isSkip(next)) return next;
 */
export function isSkip(value: Delivery | Skip): value is Skip {
  return 'skipped' in value;
}
