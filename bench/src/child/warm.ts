/**
 * Warm child: imports one bundle, warms it up, then runs sequential invocations (latency per trigger, RSS
 * at fixed invocation numbers, CPU time) and an optional concurrent burst (throughput per core).
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { WarmJob, WarmResult } from './protocol.js';
import { lambdaContext } from './protocol.js';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const job = JSON.parse(process.argv[2] ?? '{}') as WarmJob;
const mod = (await import(pathToFileURL(job.bundle).href)) as {
  handler?: Handler;
  default?: { handler?: Handler };
};
const handler = mod.handler ?? mod.default?.handler;
if (typeof handler !== 'function') throw new Error(`${job.bundle} exports no handler`);

const errors: string[] = [];
let requestNo = 0;
async function invoke(index: number): Promise<{ trigger: string; ms: number; cpuMs: number }> {
  const item = job.events[index % job.events.length];
  if (!item) throw new Error('no events');
  requestNo += 1;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  try {
    await handler?.(item.event, lambdaContext(`warm-${requestNo}`));
  } catch (error) {
    // Record the error class only: messages may carry data the benchmark must not print.
    if (errors.length < 20)
      errors.push(
        `${item.trigger}: ${(error as Error).name ?? 'Error'} ${(error as { code?: string }).code ?? ''}`,
      );
  }
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { trigger: item.trigger, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

for (let i = 0; i < job.warmup; i += 1) await invoke(i);

const latencies: Record<string, number[]> = {};
const cpuPerInvocation: number[] = [];
const rss: Record<string, number> = {};
const heapUsed: Record<string, number> = {};
const peakRss: Record<string, number> = {};
const heapTotal: Record<string, number> = {};
const external: Record<string, number> = {};
const sampleAt = new Set(job.rssAt);
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
for (let i = 1; i <= job.iterations; i += 1) {
  const { trigger, ms, cpuMs } = await invoke(i);
  if (trigger !== 'AccountTakeOverNotification') cpuPerInvocation.push(cpuMs);
  const list = latencies[trigger] ?? [];
  list.push(ms);
  latencies[trigger] = list;
  if (sampleAt.has(i)) {
    if (job.gcBeforeSample) {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (!gc) throw new Error('gcBeforeSample needs node --expose-gc');
      gc();
    }
    const mem = process.memoryUsage();
    rss[String(i)] = mem.rss;
    heapUsed[String(i)] = mem.heapUsed;
    heapTotal[String(i)] = mem.heapTotal;
    external[String(i)] = mem.external;
    peakRss[String(i)] = process.resourceUsage().maxRSS * 1024;
  }
}
const cpu1 = process.cpuUsage(cpu0);
const sequential = {
  wallMs: performance.now() - wall0,
  cpuMs: (cpu1.user + cpu1.system) / 1000,
  count: job.iterations,
};

let burst: WarmResult['burst'] = null;
if (job.burst.total > 0) {
  let next = 0;
  const bcpu0 = process.cpuUsage();
  const bwall0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < job.burst.total) {
      next += 1;
      await invoke(next);
    }
  };
  await Promise.all(Array.from({ length: job.burst.concurrency }, worker));
  const bcpu1 = process.cpuUsage(bcpu0);
  burst = {
    wallMs: performance.now() - bwall0,
    cpuMs: (bcpu1.user + bcpu1.system) / 1000,
    count: job.burst.total,
  };
}

const result: WarmResult = {
  latencies,
  cpuPerInvocation,
  rss,
  heapUsed,
  peakRss,
  heapTotal,
  external,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  sequential,
  burst,
  errors,
};
writeFileSync(job.out, JSON.stringify(result));
process.exit(0);
