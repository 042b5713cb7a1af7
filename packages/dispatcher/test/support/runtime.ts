/**
 * A real runtime for unit tests of the pipeline steps: `initRuntime` with the outbox provider in local mode
 * (no KMS key needed, nothing leaves the machine), its log lines captured as parsed JSON. Clean up with
 * `close()` (removes the outbox folder).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Outcome } from '@mailroom/shared-types';
import { loadFixture } from '@mailroom/testkit';
import type { Env } from '../../src/config.js';
import { initialFacts } from '../../src/outcome.js';
import { type Addressed, type Invocation, isSkip } from '../../src/pipeline/delivery.js';
import { findRecipient } from '../../src/pipeline/recipient.js';
import { route } from '../../src/pipeline/route.js';
import { validate } from '../../src/pipeline/validate.js';
import { initRuntime, type Runtime } from '../../src/runtime.js';

export interface TestRuntime {
  rt: Runtime;
  /** Every log line written so far. */
  lines: Record<string, unknown>[];
  /** Every outcome handed to `onOutcome`. */
  outcomes: Outcome[];
  close(): Promise<void>;
}

/**
 * @example
 * const { rt, lines, close } = await outboxRuntime({ DISABLED_TRIGGERS: 'SignUp' });
 * try { route(validated, rt) } finally { await close() }
 */
export async function outboxRuntime(
  env: Env = {},
  onOutcome?: (outcome: Outcome) => void,
): Promise<TestRuntime> {
  const dir = await mkdtemp(join(tmpdir(), 'mailroom-dispatcher-unit-'));
  const lines: Record<string, unknown>[] = [];
  const outcomes: Outcome[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(JSON.parse(String(chunk)));
      callback();
    },
  });
  const rt = await initRuntime({
    env: {
      EMAIL_PROVIDER: 'outbox',
      EMAIL_FROM: 'Mailroom <no-reply@mailroom.test>',
      OUTBOX_DIR: dir,
      ...env,
    },
    logDestination: destination,
    onOutcome: (outcome) => {
      outcomes.push(outcome);
      onOutcome?.(outcome);
    },
  });
  return { rt, lines, outcomes, close: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The pipeline's starting point for `raw`, as the handler builds it.
 * @example const validated = validate(invocation(event));
 */
export function invocation(raw: unknown, requestId = 'req-unit'): Invocation {
  return { raw, facts: initialFacts(raw, requestId), remainingMs: () => 15_000 };
}

/**
 * Steps 1–5 on the SignUp fixture, the decrypted code given (decrypt itself needs KMS: integration tests).
 * @example const input = await addressed(rt); render(input, rt);
 */
export async function addressed(rt: Runtime, code = '482913'): Promise<Addressed> {
  const { event } = await loadFixture('SignUp');
  const routed = route(validate(invocation(event)), rt);
  if (isSkip(routed)) throw new Error('expected a route');
  return findRecipient({ ...routed, code }, rt);
}
