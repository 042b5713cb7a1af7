/**
 * Step 8 of 9, deliver (validate → route → pool guard → decrypt → recipient → render → compose → deliver →
 * report): idempotency (DynamoDB, when `IDEMPOTENCY_TABLE` is set; ../idempotency.ts) around the provider
 * chain (../failover.ts: the first provider that accepts wins, the remaining time is shared across the
 * providers still to try, one policy adapters cannot override). A duplicate of an event already delivered
 * is skipped with the provider and message id of the first delivery.
 *
 * With the table, the claim on the event (Powertools' in-progress record) is taken when step 4 starts, not
 * here: its key comes from the event (`eventIdentity`), not from the code, so the table's first round trip
 * runs while KMS decrypts instead of after the render (issue 18). The send itself still waits for step 7's
 * message; a step that fails in between releases the claim (the record is deleted) before it is reported.
 */
import { sendWithFailover } from '../failover.js';
import { type SendOnceResult, sendOnce } from '../idempotency.js';
import { eventIdentity, idempotencyKey } from '../message.js';
import type { Runtime } from '../runtime.js';
import { type Composed, type Delivered, type Routed, type Skip, skip } from './delivery.js';

/** Step 8 of one invocation, begun early: see the file header. */
export interface DeliveryClaim {
  /** Sends `composed` under the claim, or reports the duplicate the claim found. */
  deliver(composed: Composed): Promise<Delivered | Skip>;
  /** A step before 8 failed with `error`: gives the claim up and waits until its record is gone. */
  release(error: unknown): Promise<void>;
}

function sendChain(message: Composed['message'], remainingMs: () => number, rt: Runtime) {
  return sendWithFailover(rt.chain, rt.classify, message, {
    remainingMs,
    logger: rt.log,
    attemptTimeoutMs: rt.config.attemptTimeoutMs,
    providerTemplates: rt.providerTemplates,
  });
}

function delivered(composed: Composed, once: SendOnceResult): Delivered | Skip {
  if (once.status === 'duplicate') {
    return skip(composed, once.reason, {
      provider: once.previous?.provider ?? null,
      messageId: once.previous?.messageId ?? null,
    });
  }
  const { result } = once;
  const facts = { ...composed.facts, provider: result.provider, messageId: result.messageId };
  return { ...composed, facts, result };
}

/**
 * Begins step 8 for `routed` (after the pool guard): with `IDEMPOTENCY_TABLE`, takes the claim now; without,
 * nothing happens until `deliver`.
 * @example
 * const claim = claimDelivery(guarded, rt);
 * try { …steps 4–7…; return await claim.deliver(composed); } catch (e) { await claim.release(e); throw e; }
 */
export function claimDelivery(routed: Routed, rt: Runtime): DeliveryClaim {
  const { config } = rt;
  if (!config.idempotencyTable) {
    return {
      deliver: async (composed) =>
        delivered(composed, {
          status: 'sent',
          result: await sendChain(composed.message, composed.remainingMs, rt),
        }),
      release: async () => undefined,
    };
  }
  let provide: (composed: Composed) => void = () => undefined;
  let abandon: (error: unknown) => void = () => undefined;
  const later = new Promise<Composed>((resolve, reject) => {
    provide = resolve;
    abandon = reject;
  });
  // Awaited by the send only once the claim holds the record: a step that fails earlier (before the table
  // answered, or with the claim waiting for another copy, or after it found a duplicate) rejects it unread.
  later.catch(() => undefined);
  const abandoned = new AbortController();
  const once = sendOnce(
    {
      table: config.idempotencyTable,
      key: idempotencyKey(eventIdentity(routed.event)),
      remainingMs: routed.remainingMs,
      logger: rt.log,
      // The SDK reads endpoint overrides from process.env only; a handler given its own env passes them on.
      endpoint: config.env.AWS_ENDPOINT_URL_DYNAMODB,
      region: rt.region,
      abandoned: abandoned.signal,
    },
    async () => {
      const composed = await later;
      return sendChain(composed.message, composed.remainingMs, rt);
    },
  );
  // Observed by deliver or release; never left unhandled when the claim finds a duplicate first.
  once.catch(() => undefined);
  return {
    deliver: async (composed) => {
      provide(composed);
      return delivered(composed, await once);
    },
    release: async (error) => {
      abandon(error);
      abandoned.abort(error);
      await once.catch((claimError: unknown) => {
        // The step's error is the one reported; the claim's own (an unreachable table) only here.
        if (claimError !== error) {
          rt.log.debug(
            { event: 'idempotency_claim_failed', err: claimError },
            'idempotency claim failed too',
          );
        }
      });
    },
  };
}
