/**
 * MINIMAL STAND-IN written by the "dispatcher" helper to unblock the handler; the "providers" helper owns
 * this file and replaces it with the full chain (Retry-After handling, per-attempt budgets, metrics).
 *
 * Tries each provider in order. `rejected` stops the chain (no provider would accept the message);
 * `transient` and `provider-auth` fall over to the next provider with a `provider_fallback` warning.
 */
import type { EmailMessage, SendResult } from '@mailroom/shared-types';
import type { Logger } from 'pino';
import { type DeliveryAttempt, DeliveryError } from './errors.js';
import type { EmailProvider, FailureClass } from './providers/types.js';

/** Time kept back for logging and returning after the last attempt. */
const SAFETY_MARGIN_MS = 500;

/**
 * Sends through the first provider that accepts.
 * @example
 * const result = await sendWithFailover(chain, classify, message, { remainingMs: () => 10_000, logger });
 */
export async function sendWithFailover(
  chain: readonly EmailProvider[],
  classify: (provider: EmailProvider, err: unknown) => FailureClass,
  message: EmailMessage,
  opts: { remainingMs: () => number; logger: Logger },
): Promise<SendResult> {
  const attempts: DeliveryAttempt[] = [];
  for (const [index, provider] of chain.entries()) {
    const budget = Math.max(1, opts.remainingMs() - SAFETY_MARGIN_MS);
    try {
      const result = await provider.send(message, AbortSignal.timeout(budget));
      return attempts.length > 0
        ? { ...result, attempts: attempts.map((a) => ({ provider: a.provider, outcome: a.failure.kind })) }
        : result;
    } catch (err) {
      const failure = classify(provider, err);
      attempts.push({ provider: provider.name, failure });
      const next = chain[index + 1];
      if (failure.kind === 'rejected' || !next) break;
      opts.logger.warn(
        {
          event: 'provider_fallback',
          provider: provider.name,
          next: next.name,
          kind: failure.kind,
          status: failure.status,
          reason: failure.reason,
        },
        'provider failed, falling back',
      );
    }
  }
  const last = attempts.at(-1);
  throw new DeliveryError(
    `no provider accepted the message (${attempts.map((a) => `${a.provider}: ${a.failure.reason}`).join('; ')})`,
    { retryable: last !== undefined && last.failure.kind !== 'rejected', attempts },
  );
}
