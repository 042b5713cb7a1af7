import { describe, expect, it } from 'vitest';
import { type Delivery, skip } from '../../../src/pipeline/delivery.js';
import { Flow } from '../../../src/pipeline/flow.js';
import { invocation, outboxRuntime } from '../../support/runtime.js';

describe('Flow', () => {
  it('runs each step on the delivery so far and remembers the facts the last step received', async () => {
    const { rt, close } = await outboxRuntime();
    try {
      const start = invocation({ triggerSource: 'CustomEmailSender_SignUp' });
      const flow = new Flow(rt, start);

      const first = await flow.next((d: Delivery) => ({ ...d, facts: { ...d.facts, brand: 'acme' } }), start);
      const thrown = await flow
        .next(() => {
          throw new Error('step failed');
        }, first)
        .catch((e: unknown) => e);

      expect(thrown).toEqual(new Error('step failed'));
      expect(flow.facts).toMatchObject({ trigger: 'SignUp', brand: 'acme' });
    } finally {
      await close();
    }
  });

  it('passes a skip through the remaining steps without running them', async () => {
    const { rt, close } = await outboxRuntime();
    try {
      const start = invocation({});
      const flow = new Flow(rt, start);
      const ran: string[] = [];

      const skipped = await flow.next((d: Delivery) => skip(d, 'nothing to send'), start);
      const after = await flow.next((d: Delivery) => {
        ran.push('later step');
        return d;
      }, skipped);

      expect(after).toBe(skipped);
      expect(ran).toEqual([]);
    } finally {
      await close();
    }
  });
});
