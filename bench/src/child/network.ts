/**
 * Network-model child: one sandbox's life under the model (issue 18). A fresh process imports one bundle and
 * handles its first event (the cold invocation: time from process start to the provider's acceptance), then
 * a few unrecorded warm invocations, then recorded warm ones (time from invocation start to acceptance).
 * It reports epoch timestamps of its phase boundaries so the harness can split the handshakes the TLS fronts
 * saw into cold and warm.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { NetworkJob, NetworkResult } from './protocol.js';
import { lambdaContext } from './protocol.js';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const epochNow = (): number => performance.timeOrigin + performance.now();
const job = JSON.parse(process.argv[2] ?? '{}') as NetworkJob;
const errors: string[] = [];

async function invoke(handler: Handler, index: number): Promise<number> {
  const item = job.events[index % job.events.length];
  if (!item) throw new Error('no events');
  const start = performance.now();
  try {
    await handler(item.event, lambdaContext(`net-${index}`));
  } catch (error) {
    // The error class only: messages may carry data the benchmark must not print.
    if (errors.length < 20) {
      errors.push(
        `${item.trigger}: ${(error as Error).name ?? 'Error'} ${(error as { code?: string }).code ?? ''}`,
      );
    }
  }
  return performance.now() - start;
}

/**
 * `job.profileDir` (exploration: `--network --profile`): CPU profiles of the cold phase (import → first
 * acceptance; the unrecorded warm-ups are left out) and of the recorded warm invocations, through the inspector (sampling every 250 µs).
 */
async function startProfiler(): Promise<((name: string) => Promise<void>) | undefined> {
  if (!job.profileDir) return undefined;
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  return async (name) => {
    const { profile } = await session.post('Profiler.stop');
    if (name) writeFileSync(`${job.profileDir}/${name}.cpuprofile`, JSON.stringify(profile));
    await session.post('Profiler.start');
  };
}

const cut = await startProfiler();
const mod = (await import(pathToFileURL(job.bundle).href)) as {
  handler?: Handler;
  default?: { handler?: Handler };
};
const loadedMs = performance.now();
const handler = mod.handler ?? mod.default?.handler;
if (typeof handler !== 'function') throw new Error(`${job.bundle} exports no handler`);
const coldInvokeMs = await invoke(handler, 0);
const coldAcceptedMs = performance.now();
const coldAcceptedEpochMs = epochNow();
await cut?.('cold');
for (let i = 1; i <= job.warmup; i += 1) await invoke(handler, i);
await cut?.('');
const warmStartEpochMs = epochNow();
const warmMs: number[] = [];
for (let i = 0; i < job.iterations; i += 1) warmMs.push(await invoke(handler, 1 + job.warmup + i));
await cut?.('warm');
const result: NetworkResult = {
  loadMs: loadedMs,
  coldInvokeMs,
  coldAcceptedMs,
  coldAcceptedEpochMs,
  warmStartEpochMs,
  warmEndEpochMs: epochNow(),
  warmMs,
  errors,
};
writeFileSync(job.out, JSON.stringify(result));
// Keep-alive sockets would hold the process open; a Lambda sandbox would freeze here instead.
process.exit(0);
