/**
 * Runs the dispatcher bundle the way Lambda does: its own Node process (lambda-runtime.mjs) whose environment
 * is the function's configuration only, one cold start (the bundle's top-level init), then one event at a time
 * through its `handler` export. A separate process keeps the bundle's `process.env` apart from the caller's
 * (the studio's "Send test" and the tests run other configurations in theirs).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BridgeError } from './errors.js';

const RUNTIME = join(dirname(fileURLToPath(import.meta.url)), 'lambda-runtime.mjs');

/** What one invocation produced: the handler's result or error, and the lines it logged. */
export interface InvocationResult {
  requestId: string;
  /** `undefined` when the handler returned; Lambda's `errorType`/`errorMessage` when it threw. */
  error?: { errorType: string; errorMessage: string };
  /** What the handler returned (the dispatcher returns nothing: `null`). */
  value: unknown;
  /** Every line the function wrote (stdout and stderr), parsed when JSON. */
  logs: Record<string, unknown>[];
}

export interface LambdaRunnerOptions {
  /** The bundle (its `handler` export is called). */
  bundle: string;
  /** The function's environment, exactly; `PATH` is added so the runtime can start. */
  env: Record<string, string>;
  /** Every raw line the function writes. */
  onLog?: (line: string) => void;
}

export interface LambdaRunner {
  /** Runs one event (after the ones before it: one instance handles one event at a time, as in Lambda). */
  invoke(event: unknown, timeoutMs: number): Promise<InvocationResult>;
  close(): Promise<void>;
}

interface Pending {
  id: string;
  logs: Record<string, unknown>[];
  resolve: (result: InvocationResult) => void;
  reject: (error: unknown) => void;
}

function parseLine(line: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Not JSON (a Node warning, say): kept as a message.
  }
  return { msg: line };
}

/** The first `config_invalid` problem list (or message) a failed cold start logged, for the error. */
function initProblem(logs: Record<string, unknown>[], fallback: string): string {
  const invalid = logs.find((line) => line.event === 'config_invalid');
  const problems = invalid?.problems;
  if (Array.isArray(problems) && problems.length > 0) return problems.map(String).join('; ');
  return fallback;
}

/** What one runtime process keeps: the invocation in flight and the lines logged before any. */
interface RuntimeState {
  child: ChildProcess;
  options: LambdaRunnerOptions;
  initLogs: Record<string, unknown>[];
  current: Pending | undefined;
  exited: boolean;
  closing: boolean;
}

const initFailed = (initLogs: Record<string, unknown>[], fallback: string): BridgeError =>
  new BridgeError('INIT_FAILED', `the dispatcher's cold start failed: ${initProblem(initLogs, fallback)}`, {
    fix: 'fix the function environment the bridge was given (see the problems listed)',
    retryable: false,
  });

/** The result message of the invocation in flight: hand it its result. */
function settleResult(state: RuntimeState, parsed: Record<string, unknown>): void {
  const done = state.current;
  if (!done || parsed.id !== done.id) return;
  state.current = undefined;
  done.resolve({
    requestId: done.id,
    value: parsed.value ?? null,
    logs: done.logs,
    ...(parsed.ok === true
      ? {}
      : { error: { errorType: String(parsed.errorType), errorMessage: String(parsed.errorMessage) } }),
  });
}

/** One stdout line: a log line of the function, or a message of the runtime (ready, init failed, result). */
function onStdoutLine(
  state: RuntimeState,
  line: string,
  ready: { resolve(): void; reject(e: unknown): void },
): void {
  if (line.trim() === '') return;
  const parsed = parseLine(line);
  if (parsed.mailroomBridge === undefined) {
    state.options.onLog?.(line);
    (state.current?.logs ?? state.initLogs).push(parsed);
    return;
  }
  if (parsed.mailroomBridge === 'ready') ready.resolve();
  if (parsed.mailroomBridge === 'init_failed')
    ready.reject(initFailed(state.initLogs, String(parsed.errorMessage)));
  if (parsed.mailroomBridge === 'result') settleResult(state, parsed);
}

function onExit(
  state: RuntimeState,
  code: number | null,
  signal: NodeJS.Signals | null,
  reject: (e: unknown) => void,
): void {
  state.exited = true;
  const error = new BridgeError(
    'RUNTIME_EXITED',
    `the Lambda runtime process exited (${signal ?? `code ${code}`})`,
    {
      fix: 'see the function log lines above, then restart the bridge',
      retryable: false,
    },
  );
  reject(code === 1 ? initFailed(state.initLogs, 'see its log') : error);
  state.current?.reject(error);
  state.current = undefined;
}

/** Resolves once the bundle's cold start succeeded. */
function coldStart(state: RuntimeState): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const { child, options } = state;
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) =>
      onStdoutLine(state, line, { resolve, reject }),
    );
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.trim() === '') return;
      options.onLog?.(line);
      (state.current?.logs ?? state.initLogs).push({ msg: line, stream: 'stderr' });
    });
    child.once('exit', (code, signal) => onExit(state, code, signal, reject));
  });
}

/** One event through the runtime; a timeout ends the runtime, as Lambda ends a timed-out instance. */
function runOne(state: RuntimeState, event: unknown, timeoutMs: number): Promise<InvocationResult> {
  if (state.exited || state.closing) {
    return Promise.reject(
      new BridgeError('RUNTIME_EXITED', 'the Lambda runtime is not running', {
        fix: 'restart the bridge',
        retryable: false,
      }),
    );
  }
  const id = randomUUID();
  return new Promise<InvocationResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (state.current?.id !== id) return;
      state.current = undefined;
      reject(
        new BridgeError('TIMEOUT', `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`, {
          fix: 'raise the bridge timeoutMs or see why the dispatcher hangs (its log lines)',
          retryable: true,
        }),
      );
      // Later invocations fail with RUNTIME_EXITED.
      state.child.kill();
    }, timeoutMs);
    state.current = {
      id,
      logs: [],
      resolve: (result) => {
        clearTimeout(timer);
        resolve(result);
      },
      reject: (error) => {
        clearTimeout(timer);
        reject(error);
      },
    };
    // The runtime may be gone before its 'exit' event arrived (killed by a time-out a moment ago): the send
    // then fails with EPIPE, which must reject this invocation, not escape as an unhandled 'error' event.
    state.child.send({ id, event, timeoutMs }, (error) => {
      if (!error || state.current?.id !== id) return;
      state.current.reject(
        new BridgeError('RUNTIME_EXITED', `the Lambda runtime is not running (${error.message})`, {
          fix: 'restart the bridge',
          retryable: false,
        }),
      );
      state.current = undefined;
    });
  });
}

async function stopRuntime(state: RuntimeState, queue: Promise<unknown>): Promise<void> {
  state.closing = true;
  await queue;
  if (state.exited) return;
  const gone = new Promise<void>((resolve) => state.child.once('exit', () => resolve()));
  state.child.disconnect?.();
  const killer = setTimeout(() => state.child.kill('SIGKILL'), 2_000);
  await gone;
  clearTimeout(killer);
}

/**
 * Starts the runtime and resolves once the bundle's cold start succeeded; rejects with `INIT_FAILED` (every
 * configuration problem listed) or `BUNDLE_MISSING`.
 * @example
 * const runner = await startLambdaRunner({ bundle: DISPATCHER_BUNDLE, env: { EMAIL_PROVIDER: 'outbox', … } });
 * const { logs } = await runner.invoke(event, 30_000);
 */
export async function startLambdaRunner(options: LambdaRunnerOptions): Promise<LambdaRunner> {
  if (!existsSync(options.bundle)) {
    throw new BridgeError('BUNDLE_MISSING', `no dispatcher bundle at ${options.bundle}`, {
      fix: 'build it: npx -y pnpm@10.34.8 --filter @mailroom/dispatcher build',
      retryable: false,
    });
  }
  const child: ChildProcess = spawn(process.execPath, [RUNTIME, options.bundle], {
    env: { ...options.env, PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const state: RuntimeState = {
    child,
    options,
    initLogs: [],
    current: undefined,
    exited: false,
    closing: false,
  };
  try {
    await coldStart(state);
  } catch (error) {
    child.kill();
    throw error;
  }
  let queue: Promise<unknown> = Promise.resolve();
  return {
    invoke(event, timeoutMs) {
      const run = queue.then(() => runOne(state, event, timeoutMs));
      queue = run.catch(() => {});
      return run;
    },
    close: () => stopRuntime(state, queue),
  };
}
