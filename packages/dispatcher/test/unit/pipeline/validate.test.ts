import { EventValidationError } from '@mailroom/shared-types';
import { loadFixture } from '@mailroom/testkit';
import { describe, expect, it } from 'vitest';
import { validate } from '../../../src/pipeline/validate.js';
import { invocation } from '../../support/runtime.js';

describe('validate (step 1)', () => {
  it('passes a Cognito event on with the facts it arrived with', async () => {
    const { event } = await loadFixture('SignUp');

    const validated = validate(invocation(event, 'r1'));

    expect(validated.event.triggerSource).toBe('CustomEmailSender_SignUp');
    expect(validated.facts).toMatchObject({
      trigger: 'SignUp',
      userPoolId: event.userPoolId,
      requestId: 'r1',
    });
  });

  it('throws an EventValidationError naming every bad field', () => {
    const thrown = (() => {
      try {
        validate(invocation({ triggerSource: 'CustomEmailSender_SignUp', userPoolId: 42 }));
      } catch (err) {
        return err;
      }
    })();

    expect(thrown).toBeInstanceOf(EventValidationError);
    expect((thrown as EventValidationError).issues.map((i) => i.path)).toContain('userPoolId');
  });

  it('caps user text at 2,048 characters before any later step sees it', async () => {
    const { event } = await loadFixture('SignUp');
    const long = {
      ...event,
      request: {
        ...event.request,
        userAttributes: { ...event.request.userAttributes, name: 'x'.repeat(100_000) },
      },
    };

    const validated = validate(invocation(long));

    expect(validated.event.request.userAttributes.name?.length).toBeLessThanOrEqual(2_048);
  });
});
