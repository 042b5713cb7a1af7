/**
 * The templates' `runChecks` in a worker thread, one run at a time, coalescing requests that arrive while a
 * run is in progress (only the newest sources matter).
 */
import { Worker } from 'node:worker_threads';
import type { CheckFinding } from '@mailroom/templates/build';

export interface CheckRunner {
  run(root: string): Promise<CheckFinding[]>;
  close(): Promise<void>;
}

interface Reply {
  id: number;
  findings?: CheckFinding[];
  error?: string;
}

/**
 * Starts the worker lazily on the first run.
 * @example const checks = createCheckRunner(); const findings = await checks.run('/repo/packages/templates');
 */
export function createCheckRunner(): CheckRunner {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve(f: CheckFinding[]): void; reject(e: Error): void }>();

  function start(): Worker {
    const created = new Worker(new URL('./checks-worker.js', import.meta.url));
    created.on('message', (reply: Reply) => {
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.findings ?? []);
    });
    const fail = (error: Error) => {
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
      worker = undefined;
    };
    created.on('error', fail);
    created.on('exit', () => fail(new Error('the checks worker stopped')));
    created.unref();
    return created;
  }

  return {
    run(root) {
      worker ??= start();
      const id = nextId++;
      const current = worker;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        current.postMessage({ id, root });
      });
    },
    async close() {
      await worker?.terminate();
      worker = undefined;
    },
  };
}
