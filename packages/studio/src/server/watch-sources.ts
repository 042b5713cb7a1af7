/**
 * Live reload: watches the template sources, batches a burst of saves into one rebuild (one at a time), and
 * tells its listeners; the checks follow each rebuild in their worker.
 */
import { join, relative } from 'node:path';
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';
import { WATCHED_FOLDERS } from '../paths.js';
import type { RebuildResult, Workspace } from '../types.js';

/**
 * Now in epoch milliseconds with sub-millisecond precision: the clock of `RebuildTiming`, comparable with a
 * page's `performance.timeOrigin + performance.now()` on the same machine.
 * @example const startedAt = epochNow();
 */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Editors save in bursts (write + rename + chmod): saves this close together make one rebuild. */
const BURST_MS = 25;
const IGNORED = /(^|[/\\])(\.|node_modules)|~$|\.swp$/;

function describe(result: RebuildResult, files: string[], templatesDir: string): string {
  const first = result.problems[0];
  if (first) return `✗ ${first.file}${first.line ? `:${first.line}` : ''} ${first.message}`;
  const names = files.map((file) => relative(templatesDir, file)).join(', ');
  return `↻ ${names} → rebuilt ${result.scope.join(', ')} in ${result.ms} ms`;
}

/**
 * Watches `templatesDir`'s source folders; resolves once the watcher is ready.
 * @example const watcher = await watchSources(dir, workspace, console.log, (result) => push(result));
 */
export async function watchSources(
  templatesDir: string,
  workspace: Workspace,
  log: (line: string) => void,
  onRebuilt: (result: RebuildResult) => void,
  pageOpen: () => boolean = () => true,
): Promise<FSWatcher> {
  const watcher = chokidarWatch(
    WATCHED_FOLDERS.map((folder) => join(templatesDir, folder)),
    { ignoreInitial: true, ignored: (path) => IGNORED.test(path) },
  );
  let pending = new Set<string>();
  let changedAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const flush = (): void => {
    const files = [...pending];
    const batchChangedAt = changedAt;
    pending = new Set();
    running = running.then(async () => {
      const startedAt = epochNow();
      // sentAt: the listener stamps it when it sends the build event.
      const withTiming = (result: RebuildResult): RebuildResult => {
        const compiledAt = epochNow();
        return {
          ...result,
          timing: { changedAt: batchChangedAt, startedAt, compiledAt, sentAt: compiledAt },
        };
      };
      // The previewed variant first only while a page listens: with none, nobody fetches the early result
      // and the rebuild would wait out the page's grace period before compiling the rest.
      const early = pageOpen() ? (first: RebuildResult) => onRebuilt(withTiming(first)) : undefined;
      const result = await workspace.rebuild(files, early);
      onRebuilt(withTiming(result));
      log(describe(result, files, templatesDir));
    });
  };
  watcher.on('all', (_event, path) => {
    if (pending.size === 0) changedAt = epochNow();
    pending.add(String(path));
    clearTimeout(timer);
    timer = setTimeout(flush, BURST_MS);
  });
  await new Promise<void>((resolveReady) => watcher.once('ready', () => resolveReady()));
  return watcher;
}

/**
 * Who waits for rebuilds: one-shot waiters (`next()`) and listeners (`on()`).
 * @example const rebuilds = new RebuildSignal(); const result = await rebuilds.next();
 */
export class RebuildSignal {
  readonly #waiters: ((result: RebuildResult) => void)[] = [];
  readonly #listeners = new Set<(result: RebuildResult) => void>();

  next(): Promise<RebuildResult> {
    return new Promise((resolveWaiter) => this.#waiters.push(resolveWaiter));
  }

  on(listener: (result: RebuildResult) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(result: RebuildResult): void {
    for (const resolveWaiter of this.#waiters.splice(0)) resolveWaiter(result);
    for (const listener of this.#listeners) listener(result);
  }
}
