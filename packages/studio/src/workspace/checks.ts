/**
 * Work that must never hold up a live reload, each in its own worker thread: the templates' `runChecks`
 * (seconds: it compiles and renders every template) and the compatibility report of one rendered email
 * (caniemail: hundreds of milliseconds). Requests to one worker run in order. On Linux the workers run at a
 * lower CPU priority, so on a busy machine the studio's event loop and the browser come first.
 */
import { Worker } from 'node:worker_threads';
import type { CheckFinding, CompatibilityReport } from '@mailroom/templates/build';

export interface CheckRunner {
  run(root: string): Promise<CheckFinding[]>;
  close(): Promise<void>;
}

export interface CompatRunner {
  report(html: string): Promise<CompatibilityReport>;
  close(): Promise<void>;
}

interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

/** Calls into one lazily started worker (`background-worker.js`); a crash fails what is pending and restarts. */
function workerClient(): { call(message: object): Promise<unknown>; close(): Promise<void> } {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(e: Error): void }>();

  function start(): Worker {
    const created = new Worker(new URL('./background-worker.js', import.meta.url));
    created.on('message', (reply: Reply) => {
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.result);
    });
    const fail = (error: Error) => {
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
      worker = undefined;
    };
    created.on('error', fail);
    created.on('exit', () => fail(new Error('the background worker stopped')));
    created.unref();
    return created;
  }

  return {
    call(message) {
      worker ??= start();
      const id = nextId++;
      const current = worker;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        current.postMessage({ ...message, id });
      });
    },
    async close() {
      await worker?.terminate();
      worker = undefined;
    },
  };
}

/**
 * Runs the checks in their own worker, started on the first run.
 * @example const checks = createCheckRunner(); const findings = await checks.run('/repo/packages/templates');
 */
export function createCheckRunner(): CheckRunner {
  const client = workerClient();
  return {
    run: (root) => client.call({ kind: 'checks', root }) as Promise<CheckFinding[]>,
    close: () => client.close(),
  };
}

/**
 * Reports an email's client compatibility in its own worker, started on the first report.
 * @example const compat = createCompatRunner(); (await compat.report(render.html)).issues
 */
export function createCompatRunner(): CompatRunner {
  const client = workerClient();
  return {
    report: (html) => client.call({ kind: 'compat', html }) as Promise<CompatibilityReport>,
    close: () => client.close(),
  };
}
