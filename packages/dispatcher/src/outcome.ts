/**
 * The outcome of one invocation, and the one place that turns an error into `{ code, fix, retryable }`.
 *
 * Every invocation ends in exactly one outcome (`email_sent` | `email_skipped` | `email_failed`, shapes in
 * shared-types' contracts/outcome.ts): written as one structured log line (the CloudWatch metric filters and
 * alarms key on it) and handed to `createHandler({ onOutcome })`. Neither holds a secret: no code, no
 * password, no API key, and the recipient is masked unless `LOG_PII=true`.
 *
 * Error semantics: a failure a retry can fix (provider outage, KMS throttling or timeout, a failed
 * AdminGetUser call, an unexpected error) is `retryable` and the handler throws it so Lambda's asynchronous
 * retry runs; a permanent failure (invalid event, undecryptable code, context mismatch, no recipient,
 * rejected message, KMS key/policy error, template bug) is reported and swallowed.
 */
import {
  type EmailFailedOutcome,
  type EmailSentOutcome,
  EventValidationError,
  MailroomError,
  type Outcome,
  type OutcomeFacts,
  triggerInfo,
} from '@mailroom/shared-types';
import type { Logger } from 'pino';
import { DeliveryError } from './errors.js';

/** An error as the outcome states it. */
export type FailureFacts = Pick<
  EmailFailedOutcome,
  'code' | 'fix' | 'reason' | 'retryable' | 'issues' | 'attempts'
> & {
  /** Facts the error itself knows (a failed delivery: the provider tried last). */
  facts?: Partial<OutcomeFacts>;
};

/**
 * The facts known before validation: what the raw event says about itself (cut short: it is not validated
 * yet), and the request id.
 * @example initialFacts({ triggerSource: 'CustomEmailSender_SignUp' }, 'r1').trigger // 'SignUp'
 */
export function initialFacts(raw: unknown, requestId: string | undefined): OutcomeFacts {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const source = typeof r.triggerSource === 'string' ? r.triggerSource : undefined;
  return {
    trigger: source ? (triggerInfo(source)?.name ?? source.slice(0, 80)) : null,
    userPoolId: typeof r.userPoolId === 'string' ? r.userPoolId.slice(0, 80) : null,
    templateId: null,
    locale: null,
    brand: null,
    provider: null,
    messageId: null,
    requestId: requestId ?? null,
    to: null,
  };
}

/**
 * A hint for failures whose error carries none, so every `email_failed` outcome says what to do.
 * @example defaultFix({ code: 'KMS_TRANSIENT', retryable: true }) // 'transient: Lambda retries the event; …'
 */
export function defaultFix(err: { code: string; retryable: boolean }): string {
  if (err.retryable) return 'transient: Lambda retries the event; alarm if it keeps failing';
  if (err.code === 'DELIVERY_FAILED')
    return 'the provider refused this message: check the recipient and the reason';
  return 'see the reason; retrying the same event cannot help';
}

function isTemplateError(err: unknown): err is { code: string; message: string } {
  return (err as { name?: unknown })?.name === 'TemplateError';
}

function deliveryFailure(err: DeliveryError): FailureFacts {
  return {
    code: err.code,
    fix: err.fix ?? defaultFix(err),
    reason: err.message,
    retryable: err.retryable,
    attempts: err.attempts.map((a) => ({ provider: a.provider, ...a.failure })),
    facts: { provider: err.attempts.at(-1)?.provider ?? null },
  };
}

/**
 * The error → `{ code, fix, reason, retryable }` mapping (the only one).
 * @example describeFailure(new DecryptError('KMS_TRANSIENT', 'KMS timed out', { retryable: true })).retryable // true
 */
export function describeFailure(err: unknown): FailureFacts {
  if (err instanceof EventValidationError) {
    const fix = 'invoke with a Cognito custom email sender event; the issues list names each bad field';
    return { code: err.code, fix, reason: err.message, retryable: false, issues: err.issues };
  }
  if (err instanceof DeliveryError) return deliveryFailure(err);
  if (isTemplateError(err)) {
    // A template/registry problem is a deployment bug: retrying the same event cannot fix it.
    const fix = 'fix the template registry and redeploy';
    return { code: err.code, fix, reason: err.message, retryable: false };
  }
  if (err instanceof MailroomError) {
    return { code: err.code, fix: err.fix ?? defaultFix(err), reason: err.message, retryable: err.retryable };
  }
  // Unknown failure: retryable, so the async retry (and the on-failure destination) keep the event.
  const code = 'INTERNAL_ERROR';
  const reason = err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error';
  return { code, fix: defaultFix({ code, retryable: true }), reason, retryable: true };
}

/**
 * The sent outcome.
 * @example sentOutcome(facts, 73.4, { recipientSource: 'attribute' })
 */
export function sentOutcome(
  facts: OutcomeFacts,
  durationMs: number,
  extra: Pick<EmailSentOutcome, 'recipientSource' | 'failedAttempts' | 'providerMs'>,
): EmailSentOutcome {
  return { event: 'email_sent', ...facts, durationMs, ...extra };
}

/**
 * The skipped outcome.
 * @example skippedOutcome(facts, 2.1, 'trigger SignUp is in DISABLED_TRIGGERS')
 */
export function skippedOutcome(facts: OutcomeFacts, durationMs: number, reason: string): Outcome {
  return { event: 'email_skipped', ...facts, durationMs, reason };
}

/**
 * The failed outcome of `err` (mapped by `describeFailure`).
 * @example failedOutcome(facts, 12.5, err).code // 'DECRYPT_FAILED'
 */
export function failedOutcome(facts: OutcomeFacts, durationMs: number, err: unknown): EmailFailedOutcome {
  const { facts: known, ...failure } = describeFailure(err);
  return { event: 'email_failed', ...facts, ...known, durationMs, ...failure };
}

/**
 * Writes the outcome line (`{"event":"email_sent",…,"msg":"email sent"}`): info for sent and skipped, error
 * for failed.
 * @example writeOutcomeLine(log, outcome);
 */
export function writeOutcomeLine(log: Logger, outcome: Outcome): void {
  const level = outcome.event === 'email_failed' ? 'error' : 'info';
  log[level]({ ...outcome }, outcome.event.replace('_', ' '));
}

/**
 * Milliseconds since `started` (`process.hrtime.bigint()`), two decimals. hrtime rather than `performance`:
 * the latter loads node:perf_hooks (and its histogram and timing modules) at every cold start, for one
 * subtraction.
 * @example elapsedMs(started) // 73.41
 */
export function elapsedMs(started: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - started) / 10_000) / 100;
}
