/**
 * The real dispatcher bundle (what infra deploys), imported in-process. A rebuilt bundle (the studio rebuilds
 * it after template edits) is a new deployment: it is imported afresh and its handlers start cold.
 */
import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Outcome } from '@mailroom/shared-types';
import { StudioError } from '../errors.js';

export type LambdaHandler = ((event: unknown, context: unknown) => Promise<unknown>) & {
  init(): Promise<void>;
};

/** The bundle's `createHandler` (exported next to `handler` for local tools and tests). */
export type CreateHandler = (options: {
  env?: Record<string, string | undefined>;
  logDestination?: { write(line: string): void };
  onOutcome?: (outcome: Outcome) => void;
}) => LambdaHandler;

/**
 * Runs `load` with `env` laid over `process.env`, then puts every key back: the bundle's entry initialises
 * from `process.env` when it is imported (Lambda's init phase), and nothing else should see that environment.
 */
async function withProcessEnv<T>(
  env: Record<string, string | undefined>,
  load: () => Promise<T>,
): Promise<T> {
  const saved = new Map(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return await load();
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/**
 * Imports the bundle's `createHandler`, again whenever the file changed.
 * @example const loader = new BundleLoader(DISPATCHER_BUNDLE); const createHandler = await loader.load(env);
 */
export class BundleLoader {
  #module: Promise<CreateHandler> | undefined;
  #mtimeMs = 0;

  constructor(readonly bundle: string) {}

  /** `createHandler`, and whether this is a new deployment (the previous handlers are stale). */
  async load(
    env: Record<string, string | undefined>,
  ): Promise<{ createHandler: CreateHandler; fresh: boolean }> {
    const mtimeMs = await stat(this.bundle).then(
      (info) => info.mtimeMs,
      () => 0,
    );
    const fresh = this.#module === undefined || mtimeMs !== this.#mtimeMs;
    if (fresh) {
      this.#mtimeMs = mtimeMs;
      this.#module = withProcessEnv(env, () => this.#import(mtimeMs));
      this.#module.catch(() => {
        this.#module = undefined;
      });
    }
    return { createHandler: await (this.#module as Promise<CreateHandler>), fresh };
  }

  async #import(mtimeMs: number): Promise<CreateHandler> {
    const mod = (await import(`${pathToFileURL(this.bundle).href}?build=${mtimeMs}`)) as Record<
      string,
      unknown
    >;
    if (typeof mod.createHandler !== 'function') {
      throw new StudioError(
        `${this.bundle} does not export createHandler; rebuild it: pnpm --filter @mailroom/dispatcher build`,
        { code: 'BUNDLE_INVALID' },
      );
    }
    return mod.createHandler as CreateHandler;
  }
}
