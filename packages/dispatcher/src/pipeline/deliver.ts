/**
 * Step 8 of 9, deliver (validate → route → pool guard → decrypt → recipient → render → compose → deliver →
 * report): idempotency (DynamoDB, when `IDEMPOTENCY_TABLE` is set; ../idempotency.ts) around the provider
 * chain (../failover.ts: the first provider that accepts wins, the remaining time is shared across the
 * providers still to try, one policy adapters cannot override). A duplicate of an event already delivered
 * is skipped with the provider and message id of the first delivery.
 */
import { sendWithFailover } from '../failover.js';
import { sendOnce } from '../idempotency.js';
import type { Runtime } from '../runtime.js';
import { type Composed, type Delivered, type Skip, skip } from './delivery.js';

/**
 * Sends the message at most once per event. Throws `DeliveryError` when no provider accepted it.
 * @example const delivered = await deliver(composed, rt); if (!isSkip(delivered)) delivered.result.messageId
 */
export async function deliver(composed: Composed, rt: Runtime): Promise<Delivered | Skip> {
  const { config, log } = rt;
  const { message, remainingMs } = composed;
  const once = await sendOnce(
    {
      table: config.idempotencyTable,
      key: message.idempotencyKey ?? '',
      remainingMs,
      logger: log,
      // The SDK reads endpoint overrides from process.env only; a handler given its own env passes them on.
      endpoint: config.env.AWS_ENDPOINT_URL_DYNAMODB,
      region: rt.region,
    },
    () =>
      sendWithFailover(rt.chain, rt.classify, message, {
        remainingMs,
        logger: log,
        attemptTimeoutMs: config.attemptTimeoutMs,
        providerTemplates: rt.providerTemplates,
      }),
  );
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
