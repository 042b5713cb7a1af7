import { loadFixture } from '@mailroom/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { DispatcherError } from '../../../src/errors.js';
import { isSkip, type Routed } from '../../../src/pipeline/delivery.js';
import { guardPool } from '../../../src/pipeline/pool-guard.js';
import { route } from '../../../src/pipeline/route.js';
import { validate } from '../../../src/pipeline/validate.js';
import type { Runtime } from '../../../src/runtime.js';
import { invocation, outboxRuntime, type TestRuntime } from '../../support/runtime.js';

let test: TestRuntime | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

async function routed(rt: Runtime, patch: (e: Record<string, unknown>) => void = () => {}): Promise<Routed> {
  const { event } = await loadFixture('SignUp');
  const raw = structuredClone(event) as unknown as Record<string, unknown>;
  patch(raw);
  const next = route(validate(invocation(raw, 'r-guard')), rt);
  if (isSkip(next)) throw new Error('expected a route');
  return next;
}

describe('pool guard (step 3)', () => {
  it('passes the delivery on unchanged when the ciphertext belongs to the event’s pool', async () => {
    test = await outboxRuntime();
    const input = await routed(test.rt);

    expect(guardPool(input, test.rt)).toBe(input);
    expect(test.lines).toEqual([]);
  });

  it('refuses an event from another pool than USER_POOL_ID with CONTEXT_MISMATCH and a security line', async () => {
    test = await outboxRuntime({ USER_POOL_ID: 'eu-west-1_Other' });
    const input = await routed(test.rt);

    const thrown = (() => {
      try {
        guardPool(input, test.rt);
      } catch (err) {
        return err;
      }
    })();

    expect(thrown).toBeInstanceOf(DispatcherError);
    expect(thrown).toMatchObject({ code: 'CONTEXT_MISMATCH', retryable: false });
    expect(test.lines).toEqual([
      expect.objectContaining({
        event: 'security_context_mismatch',
        requestId: 'r-guard',
        trigger: 'SignUp',
        expected: 'eu-west-1_Other',
      }),
    ]);
  });

  it("refuses a ciphertext whose userpool-id context names another pool than the event's", async () => {
    test = await outboxRuntime();
    const input = await routed(test.rt, (raw) => {
      raw.userPoolId = 'us-east-1_Replayed';
    });

    expect(() => guardPool(input, test?.rt as Runtime)).toThrow(/user pool id check failed/);
    expect(test.lines[0]).toMatchObject({ ciphertextUserPoolId: 'us-east-1_AbCdEf123' });
  });
});
