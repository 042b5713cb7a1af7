/**
 * Every error the dispatcher raises. Each extends shared-types' `MailroomError`: a stable `code` (logs, alarms
 * and tests key on it), `retryable`, and where a human has to act a `fix` hint (outcome.ts turns them into the
 * outcome line). Messages never contain the decrypted code, a temporary password or an API key.
 */
import { MailroomError, type ProviderName } from '@mailroom/shared-types';
import type { FailureClass } from './providers/types.js';

/** Stable error codes: names may grow, they may not silently change. */
export type DispatcherErrorCode =
  | 'CONFIG_INVALID'
  | 'DECRYPT_FAILED'
  | 'KMS_CONFIG'
  | 'KMS_TRANSIENT'
  | 'CONTEXT_MISMATCH'
  | 'UNSUPPORTED_SUITE'
  | 'NO_RECIPIENT'
  | 'RECIPIENT_LOOKUP_FAILED'
  | 'HEADER_UNSAFE'
  | 'PROVIDER_FAILED'
  | 'DELIVERY_FAILED'
  | 'IDEMPOTENCY_IN_PROGRESS';

/**
 * The dispatcher's base class: a `MailroomError` (shared-types) with the dispatcher's codes. `retryable` says
 * whether Lambda's asynchronous retry could help (the handler throws then).
 */
export class DispatcherError extends MailroomError<DispatcherErrorCode> {
  override name = 'DispatcherError';
}

/**
 * The pool check failed (the event's pool, `USER_POOL_ID` or the ciphertext's `userpool-id` context): a
 * ciphertext or event from another user pool reached this function. Permanent.
 * @example throw contextMismatch();
 */
export function contextMismatch(): DispatcherError {
  return new DispatcherError('CONTEXT_MISMATCH', 'user pool id check failed; no email sent', {
    fix: 'investigate: a ciphertext or event from another user pool reached this function',
  });
}

/**
 * Invalid configuration, found at cold start. The message lists every problem, one per line, so a single
 * failed deployment shows everything that needs fixing.
 */
export class ConfigError extends DispatcherError {
  override name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options: { cause?: unknown } = {}) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super('CONFIG_INVALID', `invalid Mailroom configuration (${count}):\n- ${problems.join('\n- ')}`, {
      retryable: false,
      fix: 'set the environment variables listed above (see packages/dispatcher/README.md)',
      ...options,
    });
    this.problems = problems;
  }
}

/** Decrypting `request.code` failed; `code` says whether it is KMS config, a KMS hiccup or a bad message. */
export class DecryptError extends DispatcherError {
  override name = 'DecryptError';
}

/** A provider call failed; carries the provider and how its failure was classified. */
export class ProviderError extends DispatcherError {
  override name = 'ProviderError';
  readonly provider: ProviderName;
  readonly failure: FailureClass;

  constructor(provider: ProviderName, failure: FailureClass, options: { cause?: unknown } = {}) {
    super('PROVIDER_FAILED', `provider ${provider} failed (${failure.kind}): ${failure.reason}`, {
      retryable: failure.kind !== 'rejected',
      ...options,
    });
    this.provider = provider;
    this.failure = failure;
  }
}

/** One failed attempt in a failover chain (secret-free). */
export interface DeliveryAttempt {
  provider: ProviderName;
  failure: FailureClass;
}

/**
 * No provider in the chain accepted the message. `retryable` is true when the last failure was transient
 * or provider-auth (a later Lambda retry may succeed), false when the message itself was rejected.
 */
export class DeliveryError extends DispatcherError {
  override name = 'DeliveryError';
  override readonly code = 'DELIVERY_FAILED' as const;
  readonly attempts: readonly DeliveryAttempt[];

  constructor(
    message: string,
    options: { retryable: boolean; attempts: readonly DeliveryAttempt[]; fix?: string; cause?: unknown },
  ) {
    super('DELIVERY_FAILED', message, options);
    this.attempts = options.attempts;
  }
}
