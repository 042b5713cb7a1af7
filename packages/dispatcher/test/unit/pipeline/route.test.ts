import { loadFixture } from '@mailroom/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { isSkip } from '../../../src/pipeline/delivery.js';
import { route } from '../../../src/pipeline/route.js';
import { validate } from '../../../src/pipeline/validate.js';
import { invocation, outboxRuntime, type TestRuntime } from '../../support/runtime.js';

let test: TestRuntime | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

describe('route (step 2)', () => {
  it('skips a disabled trigger, naming DISABLED_TRIGGERS, with no ciphertext touched', async () => {
    test = await outboxRuntime({ DISABLED_TRIGGERS: 'ForgotPassword' });
    const { event } = await loadFixture('ForgotPassword');

    const routed = route(validate(invocation(event)), test.rt);

    expect(isSkip(routed)).toBe(true);
    expect(routed).toMatchObject({ reason: 'trigger ForgotPassword is in DISABLED_TRIGGERS' });
    expect(routed.facts.templateId).toBeNull();
  });

  it('routes to template, brand and locale, and records them as facts', async () => {
    test = await outboxRuntime();
    const { event } = await loadFixture('SignUp');

    const routed = route(validate(invocation(event)), test.rt);

    if (isSkip(routed)) throw new Error('expected a route');
    expect(routed.route).toMatchObject({ templateId: 'sign-up', locale: 'en' });
    expect(routed.facts).toMatchObject({ templateId: 'sign-up', locale: 'en', brand: routed.route.brand });
    expect(routed.ciphertext).toBe(event.request.code);
  });

  it('has no ciphertext to decrypt for a takeover notification (code null)', async () => {
    test = await outboxRuntime();
    const { event } = await loadFixture('AccountTakeOverNotification');

    const routed = route(validate(invocation(event)), test.rt);

    expect(!isSkip(routed) && routed.ciphertext).toBeNull();
  });
});
