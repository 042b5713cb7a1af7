import { describe, expect, it } from 'vitest';
import { abortError, attemptBudgetMs, attemptSignal } from '../../../../src/providers/kit/attempt-signal.js';

describe('attemptSignal', () => {
  it('aborts with a TimeoutError after its budget', async () => {
    const { signal, dispose } = attemptSignal(20);

    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    dispose();

    expect(signal.reason).toBeInstanceOf(Error);
    expect((signal.reason as Error).name).toBe('TimeoutError');
  });

  it('never aborts once disposed', async () => {
    const { signal, dispose } = attemptSignal(5);
    dispose();

    await new Promise((resolve) => setTimeout(resolve, 30));

    expect(signal.aborted).toBe(false);
  });
});

describe('attemptBudgetMs', () => {
  it('reads the time left of a signal from attemptSignal', () => {
    const { signal, dispose } = attemptSignal(5_000);

    const budget = attemptBudgetMs(signal);
    dispose();

    expect(budget).toBeGreaterThan(4_900);
    expect(budget).toBeLessThanOrEqual(5_000);
  });

  it('knows nothing of a foreign signal', () => {
    expect(attemptBudgetMs(AbortSignal.timeout(1_000))).toBeUndefined();
  });
});

describe('abortError', () => {
  it("passes the signal's own Error on, else makes an AbortError", () => {
    const own = new Error('mine');
    const controller = new AbortController();
    controller.abort('no error object');

    expect(abortError(AbortSignal.abort(own))).toBe(own);
    expect(abortError(controller.signal).name).toBe('AbortError');
  });
});
