/**
 * The failover policy on its own, with small in-test providers that fail in scripted ways (the real
 * adapters and SDKs are exercised in test/integration/failover-matrix.test.ts).
 */
import type { EmailMessage, ProviderName, SendResult } from '@mailroom/shared-types';
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/errors.js';
import { sendWithFailover, splitAttemptBudget } from '../../src/failover.js';
import { loadProviderTemplates } from '../../src/provider-templates.js';
import { attemptBudgetMs } from '../../src/providers/kit/attempt-signal.js';
import type { EmailProvider, FailureClass } from '../../src/providers/types.js';
import { captureLogs } from '../integration/providers/capture-logs.js';

const CODE = '771204';
const message: EmailMessage = {
  from: { address: 'no-reply@mailroom.test' },
  to: [{ address: 'ana@example.com' }],
  subject: 'Your code',
  html: `<p>${CODE}</p>`,
  text: CODE,
};

/** What a scripted provider does on each call, in order; the last step repeats. */
type Step = { ok: true; afterMs?: number } | { fail: FailureClass; afterMs?: number } | { hang: true };

interface Scripted extends EmailProvider {
  calls: { budgetMs: number | undefined; message: EmailMessage }[];
}

function scripted(name: ProviderName, steps: Step[]): Scripted {
  const calls: Scripted['calls'] = [];
  return {
    name,
    calls,
    send(sent: EmailMessage, signal: AbortSignal): Promise<SendResult> {
      calls.push({ budgetMs: attemptBudgetMs(signal), message: sent });
      const step = steps[Math.min(calls.length - 1, steps.length - 1)] as Step;
      const after = (): Promise<void> =>
        new Promise((resolve) => setTimeout(resolve, 'hang' in step ? 0 : (step.afterMs ?? 0)));
      if ('ok' in step) return after().then(() => ({ provider: name, messageId: `${name}-${calls.length}` }));
      if ('fail' in step) {
        return after().then(() =>
          Promise.reject(Object.assign(new Error('scripted'), { failure: step.fail })),
        );
      }
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    },
  };
}

/** The scripted providers attach their failure class to the error; a real classifier reads SDK errors. */
const classify = (_provider: EmailProvider, err: unknown): FailureClass =>
  (err as { failure?: FailureClass }).failure ?? { kind: 'transient', reason: 'no answer' };

const transient = (extra: Partial<FailureClass> = {}): Step => ({
  fail: { kind: 'transient', status: 503, reason: 'HTTP 503', ...extra },
});

describe('sendWithFailover', () => {
  it('returns the first provider’s result without attempts when it accepts', async () => {
    const a = scripted('sendgrid', [{ ok: true }]);
    const b = scripted('ses', [{ ok: true }]);

    const result = await sendWithFailover([a, b], classify, message, {
      remainingMs: () => 10_000,
      logger: captureLogs().logger,
    });

    expect(result).toEqual({ provider: 'sendgrid', messageId: 'sendgrid-1', providerMs: expect.any(Number) });
    expect(b.calls).toHaveLength(0);
  });

  it('reports the providers’ own time: every attempt counted, the Retry-After wait not', async () => {
    // Arrange: a 429 after 40 ms asking for a 300 ms wait, then a failover target that answers after 60 ms.
    const a = scripted(
      'brevo',
      [transient({ status: 429, retryAfterMs: 300 }), transient()].map((step) => ({ ...step, afterMs: 40 })),
    );
    const b = scripted('ses', [{ ok: true, afterMs: 60 }]);
    const started = performance.now();

    // Act
    const result = await sendWithFailover([a, b], classify, message, {
      remainingMs: () => 10_000,
      logger: captureLogs().logger,
    });
    const elapsed = performance.now() - started;

    // Assert: three calls of at least 40 + 40 + 60 ms, and less than the whole, which holds the 300 ms wait.
    expect(a.calls).toHaveLength(2);
    expect(result.providerMs).toBeGreaterThanOrEqual(138);
    expect(result.providerMs).toBeLessThanOrEqual(elapsed - 290);
  });

  it('falls over on a transient failure and records the failed attempt', async () => {
    const logs = captureLogs();
    const a = scripted('sendgrid', [transient()]);
    const b = scripted('ses', [{ ok: true }]);

    const result = await sendWithFailover([a, b], classify, message, {
      remainingMs: () => 10_000,
      logger: logs.logger,
    });

    expect(result.provider).toBe('ses');
    expect(result.attempts).toEqual([{ provider: 'sendgrid', outcome: 'transient: HTTP 503' }]);
    expect(logs.lines()).toEqual([
      expect.objectContaining({
        level: 'warn',
        event: 'provider_fallback',
        provider: 'sendgrid',
        next: 'ses',
        kind: 'transient',
        status: 503,
        reason: 'HTTP 503',
        msg: 'provider failed, falling back',
      }),
    ]);
  });

  it('falls over on provider-auth and says so in the fallback line', async () => {
    const logs = captureLogs();
    const a = scripted('mailgun', [{ fail: { kind: 'provider-auth', status: 401, reason: 'HTTP 401' } }]);
    const b = scripted('smtp', [{ ok: true }]);

    const result = await sendWithFailover([a, b], classify, message, {
      remainingMs: () => 10_000,
      logger: logs.logger,
    });

    expect(result.provider).toBe('smtp');
    expect(logs.lines()[0]).toMatchObject({ event: 'provider_fallback', kind: 'provider-auth', status: 401 });
  });

  it('stops at a rejected message: no other provider is tried and the error is not retryable', async () => {
    const logs = captureLogs();
    const a = scripted('brevo', [{ fail: { kind: 'rejected', status: 400, reason: 'invalid recipient' } }]);
    const b = scripted('ses', [{ ok: true }]);

    const error = await sendWithFailover([a, b], classify, message, {
      remainingMs: () => 10_000,
      logger: logs.logger,
    }).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'DELIVERY_FAILED', retryable: false });
    expect(b.calls).toHaveLength(0);
    expect(logs.lines()).toHaveLength(0);
  });

  it('throws a retryable DeliveryError when the last provider fails transiently', async () => {
    const a = scripted('sendgrid', [transient()]);
    const b = scripted('ses', [{ fail: { kind: 'provider-auth', status: 403, reason: 'AccessDenied' } }]);

    const error = await sendWithFailover([a, b], classify, message, {
      remainingMs: () => 10_000,
      logger: captureLogs().logger,
    }).catch((err: unknown) => err);

    expect(error).toMatchObject({ code: 'DELIVERY_FAILED', retryable: true });
    expect((error as DeliveryError).attempts.map((x) => x.provider)).toEqual(['sendgrid', 'ses']);
    expect((error as DeliveryError).message).toContain('sendgrid: transient: HTTP 503');
  });

  it('retries the same provider once when its Retry-After fits in the remaining time', async () => {
    const logs = captureLogs();
    const a = scripted('brevo', [transient({ status: 429, retryAfterMs: 0 }), { ok: true }]);
    const b = scripted('ses', [{ ok: true }]);

    const result = await sendWithFailover([a, b], classify, message, {
      remainingMs: () => 10_000,
      logger: logs.logger,
    });

    expect(result.provider).toBe('brevo');
    expect(a.calls).toHaveLength(2);
    expect(b.calls).toHaveLength(0);
    expect(logs.lines()).toEqual([
      expect.objectContaining({ level: 'info', event: 'provider_retry', provider: 'brevo', retryAfterMs: 0 }),
    ]);
  });

  it('retries after Retry-After only once, then falls over', async () => {
    const a = scripted('brevo', [transient({ status: 429, retryAfterMs: 0 })]);
    const b = scripted('ses', [{ ok: true }]);

    const result = await sendWithFailover([a, b], classify, message, {
      remainingMs: () => 10_000,
      logger: captureLogs().logger,
    });

    expect(result.provider).toBe('ses');
    expect(a.calls).toHaveLength(2);
  });

  it('falls over without waiting when Retry-After does not fit before the deadline', async () => {
    const a = scripted('brevo', [transient({ status: 429, retryAfterMs: 5_000 })]);
    const b = scripted('ses', [{ ok: true }]);

    const result = await sendWithFailover([a, b], classify, message, {
      remainingMs: () => 3_000,
      logger: captureLogs().logger,
    });

    expect(result.provider).toBe('ses');
    expect(a.calls).toHaveLength(1);
  });

  it('bounds each attempt by the remaining time minus the safety margin', async () => {
    const a = scripted('sendgrid', [{ ok: true }]);

    await sendWithFailover([a], classify, message, {
      remainingMs: () => 1_000,
      logger: captureLogs().logger,
      safetyMarginMs: 200,
      attemptTimeoutMs: 5_000,
    });

    const budget = a.calls[0]?.budgetMs ?? Number.NaN;
    expect(budget).toBeLessThanOrEqual(800);
    expect(budget).toBeGreaterThan(600);
  });

  it('bounds each attempt by the configured attempt timeout when time is plentiful', async () => {
    const a = scripted('sendgrid', [{ ok: true }]);

    await sendWithFailover([a], classify, message, {
      remainingMs: () => 900_000,
      logger: captureLogs().logger,
      attemptTimeoutMs: 2_000,
    });

    const budget = a.calls[0]?.budgetMs ?? Number.NaN;
    expect(budget).toBeLessThanOrEqual(2_000);
    expect(budget).toBeGreaterThan(1_800);
  });

  it('aborts a provider that never answers and falls over with a timeout reason', async () => {
    const logs = captureLogs();
    const a = scripted('smtp', [{ hang: true }]);
    const b = scripted('ses', [{ ok: true }]);

    const result = await sendWithFailover([a, b], classify, message, {
      remainingMs: () => 10_000,
      logger: logs.logger,
      attemptTimeoutMs: 50,
    });

    expect(result.provider).toBe('ses');
    expect(logs.lines()[0]).toMatchObject({
      event: 'provider_fallback',
      kind: 'transient',
      reason: 'smtp did not answer within 50 ms',
    });
  });

  it('makes no attempt when the invocation has no time left, and the error is retryable', async () => {
    const a = scripted('sendgrid', [{ ok: true }]);

    const error = await sendWithFailover([a], classify, message, {
      remainingMs: () => 400,
      logger: captureLogs().logger,
      safetyMarginMs: 500,
    }).catch((err: unknown) => err);

    expect(a.calls).toHaveLength(0);
    expect(error).toMatchObject({ code: 'DELIVERY_FAILED', retryable: true });
  });

  it('treats a classifier that throws as a transient failure', async () => {
    const a = scripted('sendgrid', [transient()]);
    const b = scripted('ses', [{ ok: true }]);
    const throwing = () => {
      throw new Error('classifier bug');
    };

    const result = await sendWithFailover([a, b], throwing, message, {
      remainingMs: () => 10_000,
      logger: captureLogs().logger,
    });

    expect(result.attempts).toEqual([
      { provider: 'sendgrid', outcome: 'transient: sendgrid failed (unclassifiable error)' },
    ]);
  });

  it('gives each provider its own hosted template, or our HTML when it hosts none', async () => {
    const templates = loadProviderTemplates({
      PROVIDER_TEMPLATES: JSON.stringify({ mailgun: { SignUp: 'sign-up-v2' } }),
    });
    const a = scripted('sendgrid', [transient()]);
    const b = scripted('mailgun', [{ ok: true }]);
    const data = { code: CODE, trigger: 'SignUp' };

    await sendWithFailover(
      [a, b],
      classify,
      { ...message, providerTemplate: templates.request('SignUp', 'default', data as never) },
      { remainingMs: () => 10_000, logger: captureLogs().logger, providerTemplates: templates },
    );

    expect(a.calls[0]?.message.providerTemplate).toBeUndefined();
    expect(a.calls[0]?.message.html).toBe(message.html);
    expect(b.calls[0]?.message.providerTemplate).toEqual({ id: 'sign-up-v2', data });
  });

  it('never logs the message content', async () => {
    const logs = captureLogs();
    const a = scripted('sendgrid', [transient()]);
    const b = scripted('ses', [transient()]);

    await sendWithFailover([a, b], classify, message, {
      remainingMs: () => 10_000,
      logger: logs.logger,
    }).catch(() => undefined);

    expect(logs.text()).toContain('provider_fallback');
    expect(logs.text()).not.toContain(CODE);
    expect(logs.text()).not.toContain('ana@example.com');
  });
});

describe('splitAttemptBudget', () => {
  const limits = { cap: 10_000, floor: 1_000, margin: 500 };

  it.each([
    // remaining, providers left, expected: an equal share of (remaining − margin) …
    [10_000, 2, 4_750],
    [10_000, 1, 9_500],
    [31_000, 3, 10_000], // … capped …
    [3_000, 2, 1_250],
    [3_000, 3, 833], // … never raised to the floor at the later providers' expense …
    [1_900, 2, 700],
    [1_200, 3, 700], // … and when even the floor does not fit, the current provider gets what is left
    [400, 2, -100], // nothing left: sendWithFailover gives up before asking
  ])('gives %i ms remaining over %i providers %i ms', (remaining, left, expected) => {
    expect(splitAttemptBudget(remaining, left, limits)).toBe(expected);
  });

  // Regression: min(cap, remaining − margin) let one hung provider take the whole invocation.
  it('leaves every later provider time after hung ones: three providers in a 3 s invocation', () => {
    let remaining = 3_000;
    const shares: number[] = [];
    for (let left = 3; left >= 1; left -= 1) {
      const share = splitAttemptBudget(remaining, left, limits);
      shares.push(share);
      remaining -= share; // each of the first two hangs for its whole share
    }

    // Equal shares: with the floor first (1,000 / 1,000 / 500) the third got 500 ms minus whatever decrypt
    // and render had used, too little to load its SDK and answer on a busy machine.
    expect(shares).toEqual([833, 833, 834]);
  });
});
