/**
 * Invokes the built bundle (`dist/index.js`) in a fresh child process: a real cold start with exactly the
 * given environment, so every scenario is isolated (module state, env, clients) and logs are captured as
 * the JSON lines Lambda would ship.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BUNDLE = fileURLToPath(new URL('../../../dist/index.js', import.meta.url));
const RUNNER = fileURLToPath(new URL('./runner.mjs', import.meta.url));

export interface InvocationResult {
  threw: boolean;
  error?: { name?: string; code?: string; message: string; retryable?: boolean };
}

export interface BundleRun {
  /** The import itself failed (init error), with the thrown error. */
  initError?: { name?: string; code?: string; message: string; problems?: string[] };
  results: InvocationResult[];
  /** Every stdout line parsed as JSON (non-JSON lines are kept in `otherOutput`). */
  logs: Record<string, unknown>[];
  /** Raw stdout + stderr, for secret sweeps. */
  output: string;
  otherOutput: string[];
}

/** Dummy credentials and no host config, so the AWS SDK talks only to the loopback stand-ins. */
export const AWS_TEST_ENV = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_SESSION_TOKEN: 'test',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
} as const;

/** Per-run options for `invokeBundle`. */
export interface InvokeOptions {
  /**
   * The invocation's time budget: `getRemainingTimeInMillis` counts down from this from the moment each
   * invocation starts, as Lambda's does. Default: a constant 15,000 ms.
   */
  budgetMs?: number;
}

/**
 * Runs `events` through a fresh import of the bundle with `env` as the whole environment (plus PATH/HOME).
 * @example const run = await invokeBundle({ EMAIL_PROVIDER: 'outbox', … }, [event]);
 */
export function invokeBundle(
  env: Record<string, string>,
  events: unknown[],
  options: InvokeOptions = {},
): Promise<BundleRun> {
  return new Promise((resolve, reject) => {
    const child = fork(RUNNER, [], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...AWS_TEST_ENV, ...env },
      execArgv: [],
      silent: true,
    });
    let stdout = '';
    let stderr = '';
    let reply: { initError?: BundleRun['initError']; results: InvocationResult[] } | undefined;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('message', (message) => {
      reply = message as typeof reply;
    });
    child.on('error', reject);
    child.on('close', (exitCode) => {
      if (!reply) {
        reject(new Error(`bundle runner exited with ${exitCode} without reporting:\n${stderr}${stdout}`));
        return;
      }
      const logs: Record<string, unknown>[] = [];
      const otherOutput: string[] = [];
      for (const line of stdout.split('\n')) {
        if (!line.trim()) continue;
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          otherOutput.push(line);
        }
      }
      resolve({ ...reply, logs, output: stdout + stderr, otherOutput });
    });
    child.send({ bundle: BUNDLE, events, budgetMs: options.budgetMs });
  });
}

/** The outcome lines (`email_sent` / `email_skipped` / `email_failed`) in order. */
export function outcomes(run: BundleRun): Record<string, unknown>[] {
  return run.logs.filter((l) => ['email_sent', 'email_skipped', 'email_failed'].includes(String(l.event)));
}
