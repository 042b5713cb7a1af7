/**
 * Step 9 of 9, report (validate → route → pool guard → decrypt → recipient → render → compose → deliver →
 * report): how the pipeline ended becomes one outcome (../outcome.ts): one structured log line, then the
 * caller's `onOutcome`. The handler throws only when a retry can help (`retryable`), so Lambda's asynchronous
 * retry runs; everything else is reported and swallowed.
 */
import type { Outcome, OutcomeFacts } from '@mailroom/shared-types';
import { failedOutcome, sentOutcome, skippedOutcome, writeOutcomeLine } from '../outcome.js';
import type { Runtime } from '../runtime.js';
import { type Delivered, isSkip, type Skip } from './delivery.js';

/** A step threw: the error, and the facts known when it did. */
export interface Failed {
  readonly failed: true;
  readonly error: unknown;
  readonly facts: OutcomeFacts;
}

/** How the pipeline ended. */
export type Ending = Delivered | Skip | Failed;

function isFailed(ending: Ending): ending is Failed {
  return 'failed' in ending;
}

function outcomeOf(ending: Ending, durationMs: number): Outcome {
  if (isFailed(ending)) return failedOutcome(ending.facts, durationMs, ending.error);
  if (isSkip(ending)) return skippedOutcome(ending.facts, durationMs, ending.reason);
  return sentOutcome(ending.facts, durationMs, {
    recipientSource: ending.recipient.source,
    ...(ending.result.attempts ? { failedAttempts: ending.result.attempts } : {}),
    ...(ending.result.providerMs !== undefined ? { providerMs: ending.result.providerMs } : {}),
  });
}

/** The caller's callback; its exception is logged, never allowed to change the invocation's result. */
function notify(rt: Runtime, outcome: Outcome): void {
  if (!rt.onOutcome) return;
  try {
    rt.onOutcome(outcome);
  } catch (err) {
    rt.log.warn({ event: 'outcome_callback_failed', requestId: outcome.requestId, err }, 'onOutcome threw');
  }
}

/**
 * Reports the ending; rethrows the error when it is retryable.
 * @example report(rt, ending, elapsedMs(started));
 */
export function report(rt: Runtime, ending: Ending, durationMs: number): void {
  const outcome = outcomeOf(ending, durationMs);
  writeOutcomeLine(rt.log, outcome);
  notify(rt, outcome);
  if (isFailed(ending) && outcome.event === 'email_failed' && outcome.retryable) throw ending.error;
}
