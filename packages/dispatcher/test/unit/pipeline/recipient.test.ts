import { loadFixture } from '@mailroom/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { isSkip } from '../../../src/pipeline/delivery.js';
import { findRecipient } from '../../../src/pipeline/recipient.js';
import { route } from '../../../src/pipeline/route.js';
import { validate } from '../../../src/pipeline/validate.js';
import { invocation, outboxRuntime, type TestRuntime } from '../../support/runtime.js';

let test: TestRuntime | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

describe('recipient (step 5)', () => {
  it.each([
    ['masked by default', {}, 'j***@example.com'],
    ['unmasked with LOG_PII=true', { LOG_PII: 'true' }, 'jane.doe@example.com'],
  ])('takes the email attribute and records the address %s', async (_name, env, to) => {
    test = await outboxRuntime(env);
    const { event } = await loadFixture('SignUp');
    const routed = route(validate(invocation(event)), test.rt);
    if (isSkip(routed)) throw new Error('expected a route');

    const addressed = await findRecipient({ ...routed, code: '1' }, test.rt);

    expect(addressed.recipient).toEqual({ address: 'jane.doe@example.com', source: 'attribute' });
    expect(addressed.facts.to).toBe(to);
  });
});
