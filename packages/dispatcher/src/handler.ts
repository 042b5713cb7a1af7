/**
 * The Lambda handler. One invocation runs the pipeline in this order (design.md, README):
 *
 *   validate → route → pool guard → decrypt → recipient → render → compose → deliver → report
 *
 * one file per step in `pipeline/`, each taking the delivery so far and returning the next stage or a skip.
 * A step that throws ends the pipeline; `report` turns how it ended into exactly one outcome (outcome.ts):
 * one log line, the caller's `onOutcome`, and a throw only when Lambda's retry can help.
 * Invalid configuration throws at init (runtime.ts).
 */
import { elapsedMs, initialFacts } from './outcome.js';
import { compose } from './pipeline/compose.js';
import { decrypt } from './pipeline/decrypt.js';
import { claimDelivery } from './pipeline/deliver.js';
import { type Delivered, type Invocation, isSkip, type Skip } from './pipeline/delivery.js';
import { Flow } from './pipeline/flow.js';
import { guardPool } from './pipeline/pool-guard.js';
import { findRecipient } from './pipeline/recipient.js';
import { render } from './pipeline/render.js';
import { type Ending, report } from './pipeline/report.js';
import { route } from './pipeline/route.js';
import { validate } from './pipeline/validate.js';
import { type HandlerOptions, initRuntime, type Runtime } from './runtime.js';

export type { HandlerOptions } from './runtime.js';

/** The parts of the Lambda context we use (tests and the local CLI pass a subset). */
export interface InvocationContext {
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
}

/** The Lambda handler plus `init()`, which performs (and memoises) the cold-start work. */
export interface MailroomHandler {
  (event: unknown, context?: InvocationContext): Promise<void>;
  /** Parses configuration and creates clients; rejects with a `ConfigError` listing every problem. */
  init(): Promise<void>;
}

/** Without a Lambda context (local runs) we allow this much time per invocation. */
const DEFAULT_BUDGET_MS = 30_000;

/**
 * Steps 1–8, in the order they run. Step 8's idempotency claim is taken as step 4 starts (pipeline/deliver.ts:
 * its key comes from the event, so the table's round trip overlaps KMS); a step that fails before 8 releases it.
 */
async function run(rt: Runtime, flow: Flow, invocation: Invocation): Promise<Delivered | Skip> {
  const validated = await flow.next(validate, invocation);
  const routed = await flow.next(route, validated);
  const guarded = await flow.next(guardPool, routed);
  if (isSkip(guarded)) return guarded;
  const claim = claimDelivery(guarded, rt);
  try {
    const decrypted = await flow.next(decrypt, guarded);
    const addressed = await flow.next(findRecipient, decrypted);
    const rendered = await flow.next(render, addressed);
    const composed = await flow.next(compose, rendered);
    if (isSkip(composed)) {
      await claim.release(new Error(`skipped before step 8: ${composed.reason}`));
      return composed;
    }
    return await claim.deliver(composed);
  } catch (error) {
    await claim.release(error);
    throw error;
  }
}

async function invoke(rt: Runtime, raw: unknown, context: InvocationContext | undefined): Promise<void> {
  const started = process.hrtime.bigint();
  const invocation: Invocation = {
    raw,
    facts: initialFacts(raw, context?.awsRequestId),
    remainingMs: () => context?.getRemainingTimeInMillis?.() ?? DEFAULT_BUDGET_MS,
  };
  const flow = new Flow(rt, invocation);
  let ending: Ending;
  try {
    ending = await run(rt, flow, invocation);
  } catch (error) {
    ending = { failed: true, error, facts: flow.facts };
  }
  // 9. report
  report(rt, ending, elapsedMs(started));
}

/**
 * Creates a handler with its own cold-start state. Configuration is read on `init()` (or the first call).
 * `onOutcome` receives each invocation's typed outcome (the facts of its outcome log line).
 * @example
 * const outcomes: Outcome[] = [];
 * const handler = createHandler({
 *   env: { EMAIL_PROVIDER: 'outbox', EMAIL_FROM: 'a@b.test' },
 *   onOutcome: (outcome) => outcomes.push(outcome),
 * });
 * await handler.init();
 * await handler(event, { awsRequestId: 'local' });
 * outcomes[0]?.event; // 'email_sent'
 */
export function createHandler(options: HandlerOptions = {}): MailroomHandler {
  let runtime: Promise<Runtime> | undefined;
  const ready = (): Promise<Runtime> => {
    runtime ??= initRuntime(options).catch((err: unknown) => {
      // Like Lambda after a failed init: the next invocation tries again.
      runtime = undefined;
      throw err;
    });
    return runtime;
  };
  const handler = async (event: unknown, context?: InvocationContext): Promise<void> => {
    await invoke(await ready(), event, context);
  };
  return Object.assign(handler, { init: async () => void (await ready()) });
}
