/**
 * The dispatcher's outcome: what happened to one invocation. It is written as exactly one log line
 * (`email_sent` | `email_skipped` | `email_failed`, the CloudWatch metric filters key on the name) and handed
 * to `createHandler({ onOutcome })` callers (the studio, tests, the bench) as this typed value: the same
 * facts, so nobody needs to parse the log line. Nothing here is secret: no code, no password, no API key;
 * `to` is masked unless `LOG_PII=true`.
 */
import type { ProviderName } from '../email.js';
import type { EventIssue } from '../errors.js';

/** The outcome events, one per invocation. Names may grow; they may not silently change. */
export const OUTCOME_EVENTS = ['email_sent', 'email_skipped', 'email_failed'] as const;
export type OutcomeEvent = (typeof OUTCOME_EVENTS)[number];

/** What is known about the invocation when it ends; `null` until known, so every outcome has one shape. */
export interface OutcomeFacts {
  /** Trigger name (`SignUp`), or the raw `triggerSource` (cut at 80 characters) of an invalid event. */
  trigger: string | null;
  userPoolId: string | null;
  templateId: string | null;
  locale: string | null;
  brand: string | null;
  /** The provider that sent it (or, for a failed delivery, the last one tried). */
  provider: string | null;
  messageId: string | null;
  /** Lambda's `awsRequestId`. */
  requestId: string | null;
  /** The recipient, masked (`j***@example.com`) unless `LOG_PII=true`. */
  to: string | null;
}

/** Fields every outcome carries. */
export interface OutcomeBase extends OutcomeFacts {
  event: OutcomeEvent;
  /** Time from the handler's start to the outcome, in milliseconds (two decimals). */
  durationMs: number;
}

/** One failed provider attempt (secret-free): how the provider's error was classified. */
export interface OutcomeAttempt {
  provider: ProviderName;
  kind: 'transient' | 'provider-auth' | 'rejected';
  /** HTTP (or SMTP) status when there was one. */
  status?: number;
  /** Parsed `Retry-After`, when the provider sent one. */
  retryAfterMs?: number;
  reason: string;
}

/** A provider accepted the message. */
export interface EmailSentOutcome extends OutcomeBase {
  event: 'email_sent';
  /** Where the address came from: the event's `email` attribute or an `AdminGetUser` lookup. */
  recipientSource: 'attribute' | 'admin-get-user';
  /** Providers that failed before this one accepted (failover), in order; absent when the first one did. */
  failedAttempts?: { provider: ProviderName; outcome: string }[];
  /**
   * The part of `durationMs` spent in provider calls (every attempt, failed ones included; `Retry-After`
   * waits excluded), in milliseconds (two decimals): the provider's own time, apart from ours.
   */
  providerMs?: number;
}

/** Nothing was sent on purpose: a disabled trigger, or a duplicate of an event already delivered. */
export interface EmailSkippedOutcome extends OutcomeBase {
  event: 'email_skipped';
  reason: string;
}

/** Nothing was sent and something went wrong: `code`, `fix` and `retryable` say what and what to do. */
export interface EmailFailedOutcome extends OutcomeBase {
  event: 'email_failed';
  /** Stable error code (`INVALID_EVENT`, `DECRYPT_FAILED`, `DELIVERY_FAILED`, …). */
  code: string;
  /** What an operator should do. */
  fix: string;
  /** Secret-free description of the failure. */
  reason: string;
  /** `true`: the handler threw, so Lambda's asynchronous retry runs. */
  retryable: boolean;
  /** `INVALID_EVENT`: each bad field. */
  issues?: readonly EventIssue[];
  /** `DELIVERY_FAILED`: every provider attempt. */
  attempts?: OutcomeAttempt[];
}

/**
 * What one invocation ended with.
 * @example
 * const handler = createHandler({ onOutcome: (outcome: Outcome) => {
 *   if (outcome.event === 'email_failed') console.error(outcome.code, outcome.fix);
 * } });
 */
export type Outcome = EmailSentOutcome | EmailSkippedOutcome | EmailFailedOutcome;
