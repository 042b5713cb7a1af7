/**
 * The provider chain (`EMAIL_PROVIDER=a,b,c`): cross-cutting send policy lives here once, never in adapters.
 *
 * - Providers are tried in order. `transient` (network, timeout, 429, 5xx) and `provider-auth` (401/403)
 *   failures fall over to the next provider; `rejected` stops the chain, because a message or recipient one
 *   provider refuses, another refuses too (and trying would only add a second bounce).
 * - A `Retry-After` earns one more attempt at the same provider, only when the wait plus a full attempt fits
 *   in the Lambda's remaining time minus a safety margin; otherwise we fall over at once.
 * - Every attempt gets its own AbortSignal, its time a share of what is left for the providers still to try:
 *   `min(cap, (remaining − margin) / providers left)`, or all of `remaining − margin` when that is no more
 *   than the floor (`splitAttemptBudget`). A provider that accepts the connection and never answers
 *   therefore cannot starve the rest of the chain, and the last attempt never outlives the invocation.
 *   Adapters whose SDK takes a timeout number, not a signal, read the same budget with
 *   `attemptBudgetMs(signal)` (providers/kit/attempt-signal.ts, below both this file and the adapters).
 * - Every fallback writes one warning with `event: "provider_fallback"` (a CloudWatch metric filter counts
 *   them). Nothing logged here comes from a message body or a credential: only provider names and the
 *   classifier's secret-free `reason`.
 */
import {
  type EmailMessage,
  INVOCATION_SAFETY_MARGIN_MS,
  PROVIDER_ATTEMPT_CAP_MS,
  PROVIDER_ATTEMPT_FLOOR_MS,
  type SendResult,
} from '@mailroom/shared-types';
import type { Logger } from 'pino';
import { type DeliveryAttempt, DeliveryError } from './errors.js';
import type { ProviderTemplates } from './provider-templates.js';
import { attemptSignal } from './providers/kit/index.js';
import type { EmailProvider, FailureClass } from './providers/types.js';

/** Time kept back after the last attempt for logging and returning before Lambda's deadline. */
export const DEFAULT_SAFETY_MARGIN_MS = INVOCATION_SAFETY_MARGIN_MS;
/** Upper bound for one provider call (shared-types; infra sizes the function timeout from the same value). */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = PROVIDER_ATTEMPT_CAP_MS;
/** Shortest share worth giving an attempt while later providers wait. */
export const DEFAULT_ATTEMPT_FLOOR_MS = PROVIDER_ATTEMPT_FLOOR_MS;
/** Below this there is no point starting an attempt (TLS handshake alone takes longer). */
const MIN_ATTEMPT_MS = 50;

export interface FailoverOptions {
  /** Milliseconds left in the invocation (`context.getRemainingTimeInMillis`). */
  remainingMs: () => number;
  logger: Logger;
  /** Kept free at the end of the invocation. Default 500 ms. */
  safetyMarginMs?: number;
  /** Per-attempt cap before the remaining-time split. Default `PROVIDER_ATTEMPT_CAP_MS` (10,000 ms). */
  attemptTimeoutMs?: number;
  /** Smallest share of the remaining time an attempt gets while later providers wait. Default 1,000 ms. */
  attemptFloorMs?: number;
  /**
   * Provider-hosted template routing (`PROVIDER_TEMPLATES`): when the message carries
   * `providerTemplate.data`, each provider gets its own template id, or our rendered HTML when it has none.
   */
  providerTemplates?: ProviderTemplates;
}

/**
 * The time one attempt may take: an equal share of what is left (after the margin) for the providers still
 * to try, this one included, capped at `cap`; when what is left is no more than `floor` (too little to split
 * usefully), the whole rest. So a hung provider always leaves the next ones a real chance, and an early
 * provider is not cut short just because the chain is long. Raising a share to the floor would only ever
 * take time from the later providers (shares are below the floor exactly when the floors do not all fit):
 * with that, a 3 s invocation gave three providers 1,000 / 1,000 / 500 ms minus decrypt and render, too
 * little for the third to load its SDK and be answered on a busy machine.
 * @example
 * splitAttemptBudget(10_000, 2, { cap: 10_000, floor: 1_000, margin: 500 }) // 4750
 * splitAttemptBudget(3_000, 3, { cap: 10_000, floor: 1_000, margin: 500 }) // 833
 * splitAttemptBudget(1_200, 3, { cap: 10_000, floor: 1_000, margin: 500 }) // 700 (what is left)
 */
export function splitAttemptBudget(
  remainingMs: number,
  providersLeft: number,
  limits: { cap: number; floor: number; margin: number },
): number {
  const budget = remainingMs - limits.margin;
  if (budget <= limits.floor) return budget;
  return Math.floor(Math.min(limits.cap, budget / Math.max(1, providersLeft)));
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function safeClassify(
  classify: (provider: EmailProvider, err: unknown) => FailureClass,
  provider: EmailProvider,
  err: unknown,
): FailureClass {
  try {
    return classify(provider, err);
  } catch {
    return { kind: 'transient', reason: `${provider.name} failed (unclassifiable error)` };
  }
}

/** One `sendWithFailover` call: its inputs, resolved limits and the failures so far. */
interface Run {
  chain: readonly EmailProvider[];
  classify: (provider: EmailProvider, err: unknown) => FailureClass;
  message: EmailMessage;
  opts: FailoverOptions;
  limits: { cap: number; floor: number; margin: number };
  attempts: DeliveryAttempt[];
  /** Time spent inside `provider.send` so far, every attempt (the provider's own time, not ours). */
  providerMs: number;
}

const NO_TIME_LEFT: FailureClass = {
  kind: 'transient',
  reason: 'no time left in the invocation for another attempt',
};

function outcomeOf(a: DeliveryAttempt): string {
  return `${a.failure.kind}: ${a.failure.reason}`;
}

function giveUp(run: Run, retryable: boolean): never {
  const summary = run.attempts.map((a) => `${a.provider}: ${outcomeOf(a)}`).join('; ');
  throw new DeliveryError(`no provider accepted the message (${summary || 'no provider configured'})`, {
    retryable,
    attempts: run.attempts,
  });
}

/** One attempt under its own signal: the accepted result, or the failure as the classifier reads it. */
async function attempt(
  run: Run,
  provider: EmailProvider,
  message: EmailMessage,
  providersLeft: number,
): Promise<{ result: SendResult } | { failure: FailureClass }> {
  const remaining = run.opts.remainingMs();
  if (remaining - run.limits.margin < MIN_ATTEMPT_MS) return { failure: NO_TIME_LEFT };
  const timeoutMs = splitAttemptBudget(remaining, providersLeft, run.limits);
  const { signal, dispose } = attemptSignal(timeoutMs);
  const started = performance.now();
  try {
    return { result: await provider.send(message, signal) };
  } catch (err) {
    const failure = safeClassify(run.classify, provider, err);
    if (signal.aborted && failure.kind !== 'rejected' && failure.status === undefined) {
      // Whatever shape the SDK gave the abort, say what really happened.
      return {
        failure: { kind: 'transient', reason: `${provider.name} did not answer within ${timeoutMs} ms` },
      };
    }
    return { failure };
  } finally {
    run.providerMs += performance.now() - started;
    dispose();
  }
}

/** A transient failure with a `Retry-After` earns one wait, when the wait plus an attempt still fits. */
function fitsRetryAfter(run: Run, failure: FailureClass): failure is FailureClass & { retryAfterMs: number } {
  const wait = failure.retryAfterMs;
  if (failure.kind !== 'transient' || wait === undefined) return false;
  return wait + Math.min(run.limits.cap, 1_000) <= run.opts.remainingMs() - run.limits.margin;
}

/** Tries one provider (and once more after its `Retry-After`); `undefined` means "fall over to the next". */
async function tryProvider(
  run: Run,
  provider: EmailProvider,
  index: number,
): Promise<SendResult | undefined> {
  const message = run.opts.providerTemplates
    ? run.opts.providerTemplates.messageFor(provider.name, run.message)
    : run.message;
  for (let retried = false; ; retried = true) {
    const outcome = await attempt(run, provider, message, run.chain.length - index);
    if ('result' in outcome) return outcome.result;
    const { failure } = outcome;
    run.attempts.push({ provider: provider.name, failure });
    if (failure === NO_TIME_LEFT) return giveUp(run, true);
    if (failure.kind === 'rejected') return giveUp(run, false);
    if (retried || !fitsRetryAfter(run, failure)) return undefined;
    const { kind, status, retryAfterMs, reason } = failure;
    run.opts.logger.info(
      { event: 'provider_retry', provider: provider.name, kind, status, retryAfterMs, reason },
      'provider asked to retry later, waiting',
    );
    await wait(retryAfterMs);
  }
}

/**
 * Sends through the first provider that accepts; see the module comment for the policy.
 * Resolves with the accepted `SendResult` (its `attempts` list the failures before it, if any; `providerMs`
 * the time spent in provider calls, every attempt, so callers can tell the provider's time from ours); throws a
 * `DeliveryError` (`code: 'DELIVERY_FAILED'`) otherwise, `retryable` when the last failure was transient or
 * provider-auth (Lambda's asynchronous retry may succeed) and not when the message was rejected.
 * @example
 * const result = await sendWithFailover(chain, classify, message, {
 *   remainingMs: () => context.getRemainingTimeInMillis(),
 *   logger,
 * });
 * result.provider; // 'mailgun' when sendgrid was down
 */
export async function sendWithFailover(
  chain: readonly EmailProvider[],
  classify: (provider: EmailProvider, err: unknown) => FailureClass,
  message: EmailMessage,
  opts: FailoverOptions,
): Promise<SendResult> {
  const cap = opts.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const limits = {
    cap,
    floor: Math.min(cap, opts.attemptFloorMs ?? DEFAULT_ATTEMPT_FLOOR_MS),
    margin: opts.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS,
  };
  const run: Run = { chain, classify, message, opts, limits, attempts: [], providerMs: 0 };
  for (const [index, provider] of chain.entries()) {
    const result = await tryProvider(run, provider, index);
    if (result) {
      const providerMs = Math.round(run.providerMs * 100) / 100;
      if (run.attempts.length === 0) return { ...result, providerMs };
      return {
        ...result,
        attempts: run.attempts.map((a) => ({ provider: a.provider, outcome: outcomeOf(a) })),
        providerMs,
      };
    }
    const next = chain[index + 1];
    const last = run.attempts.at(-1) as DeliveryAttempt;
    if (next) {
      const { kind, status, reason } = last.failure;
      opts.logger.warn(
        { event: 'provider_fallback', provider: provider.name, next: next.name, kind, status, reason },
        'provider failed, falling back',
      );
    }
  }
  return giveUp(run, true);
}
