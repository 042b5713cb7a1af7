/**
 * Attempt signals: the failover loop hands every provider attempt an AbortSignal whose deadline adapters can
 * read back, for SDKs that take a timeout number instead of a signal (mailgun.js, Brevo's timeout option).
 * Below both the failover orchestrator (which creates them) and the adapters (which read them).
 */

/** Deadlines of the signals handed out by `attemptSignal`. */
const deadlines = new WeakMap<AbortSignal, number>();

/**
 * Creates an AbortSignal that aborts after `ms` (at least 1) with a `TimeoutError`, whose remaining budget
 * `attemptBudgetMs` can read.
 * @example
 * const { signal, dispose } = attemptSignal(300);
 * try { await provider.send(message, signal); } finally { dispose(); }
 */
export function attemptSignal(ms: number): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const timeout = Math.max(1, Math.floor(ms));
  const timer = setTimeout(() => {
    const reason = new Error(`attempt timed out after ${timeout} ms`);
    reason.name = 'TimeoutError';
    controller.abort(reason);
  }, timeout);
  deadlines.set(controller.signal, Date.now() + timeout);
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}

/**
 * Milliseconds left before `signal` aborts when it came from `attemptSignal` (at least 1), else `undefined`.
 * @example
 * const timeout = attemptBudgetMs(signal) ?? 10_000;
 */
export function attemptBudgetMs(signal: AbortSignal): number | undefined {
  const deadline = deadlines.get(signal);
  return deadline === undefined ? undefined : Math.max(1, Math.floor(deadline - Date.now()));
}

/**
 * The error to reject with when `signal` aborts: its own reason when that is an Error, else an `AbortError`.
 * @example const err = abortError(signal); // TimeoutError from attemptSignal
 */
export function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('attempt aborted');
  err.name = 'AbortError';
  return err;
}
