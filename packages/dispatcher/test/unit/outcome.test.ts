import { EventValidationError } from '@mailroom/shared-types';
import { describe, expect, it } from 'vitest';
import { DeliveryError, DispatcherError } from '../../src/errors.js';
import {
  defaultFix,
  describeFailure,
  failedOutcome,
  initialFacts,
  sentOutcome,
  skippedOutcome,
} from '../../src/outcome.js';

describe('describeFailure (the error → { code, fix, retryable } mapping)', () => {
  it('maps an invalid event to INVALID_EVENT with its issues, permanent', () => {
    const err = new EventValidationError([{ path: 'userPoolId', message: 'expected a string, got number' }]);

    expect(describeFailure(err)).toEqual({
      code: 'INVALID_EVENT',
      fix: 'invoke with a Cognito custom email sender event; the issues list names each bad field',
      reason: err.message,
      retryable: false,
      issues: err.issues,
    });
  });

  it('maps a failed delivery with every attempt and the provider tried last', () => {
    const err = new DeliveryError('no provider accepted the message', {
      retryable: true,
      attempts: [
        {
          provider: 'sendgrid',
          failure: { kind: 'transient', status: 503, reason: 'SendGrid answered HTTP 503' },
        },
        { provider: 'ses', failure: { kind: 'provider-auth', reason: 'AccessDenied' } },
      ],
    });

    expect(describeFailure(err)).toEqual({
      code: 'DELIVERY_FAILED',
      fix: 'transient: Lambda retries the event; alarm if it keeps failing',
      reason: 'no provider accepted the message',
      retryable: true,
      attempts: [
        { provider: 'sendgrid', kind: 'transient', status: 503, reason: 'SendGrid answered HTTP 503' },
        { provider: 'ses', kind: 'provider-auth', reason: 'AccessDenied' },
      ],
      facts: { provider: 'ses' },
    });
  });

  it("keeps a Mailroom error's own fix, and fills one in when it has none", () => {
    const own = new DispatcherError('CONTEXT_MISMATCH', 'user pool id check failed', { fix: 'investigate' });
    const none = new DispatcherError('NO_RECIPIENT', 'the user has no email attribute');

    expect(describeFailure(own)).toEqual({
      code: 'CONTEXT_MISMATCH',
      fix: 'investigate',
      reason: own.message,
      retryable: false,
    });
    expect(describeFailure(none).fix).toBe('see the reason; retrying the same event cannot help');
  });

  it('maps a template error to a permanent failure: a deployment bug', () => {
    const err = Object.assign(new Error('no template sign-up'), {
      name: 'TemplateError',
      code: 'TEMPLATE_NOT_FOUND',
    });

    expect(describeFailure(err)).toEqual({
      code: 'TEMPLATE_NOT_FOUND',
      fix: 'fix the template registry and redeploy',
      reason: 'no template sign-up',
      retryable: false,
    });
  });

  // Regression: an unexpected error was logged retryable: true with the fix "retrying … cannot help".
  it('maps anything else to INTERNAL_ERROR, retryable, with the fix that says so', () => {
    expect(describeFailure(new TypeError('x is undefined'))).toEqual({
      code: 'INTERNAL_ERROR',
      fix: defaultFix({ code: 'INTERNAL_ERROR', retryable: true }),
      reason: 'TypeError: x is undefined',
      retryable: true,
    });
  });
});

describe('outcomes', () => {
  const facts = initialFacts(
    { triggerSource: 'CustomEmailSender_ForgotPassword', userPoolId: 'eu-west-1_A' },
    'r1',
  );

  it('starts from what the raw event says about itself', () => {
    expect(facts).toEqual({
      trigger: 'ForgotPassword',
      userPoolId: 'eu-west-1_A',
      templateId: null,
      locale: null,
      brand: null,
      provider: null,
      messageId: null,
      requestId: 'r1',
      to: null,
    });
    expect(initialFacts('not an event', undefined)).toMatchObject({ trigger: null, requestId: null });
  });

  it('has one shape per event: facts, durationMs, then what that event adds', () => {
    expect(Object.keys(sentOutcome(facts, 1, { recipientSource: 'attribute' }))).toEqual([
      'event',
      ...Object.keys(facts),
      'durationMs',
      'recipientSource',
    ]);
    expect(skippedOutcome(facts, 1, 'duplicate')).toMatchObject({
      event: 'email_skipped',
      reason: 'duplicate',
    });
    expect(failedOutcome(facts, 1, new DispatcherError('NO_RECIPIENT', 'none'))).toMatchObject({
      event: 'email_failed',
      code: 'NO_RECIPIENT',
      retryable: false,
      durationMs: 1,
    });
  });
});
