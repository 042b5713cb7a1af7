/**
 * Cold-start child: a fresh `node` process that imports one bundle and handles one event, then exits.
 * The harness times the whole process from spawn to exit; this file adds the breakdown and peak RSS.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ColdJob, ColdResult } from './protocol.js';
import { lambdaContext } from './protocol.js';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const bootMs = performance.now();
const job = JSON.parse(process.argv[2] ?? '{}') as ColdJob;
const mod = (await import(pathToFileURL(job.bundle).href)) as {
  handler?: Handler;
  default?: { handler?: Handler };
};
const loadedMs = performance.now();
const handler = mod.handler ?? mod.default?.handler;
if (typeof handler !== 'function') throw new Error(`${job.bundle} exports no handler`);
await handler(job.event.event, lambdaContext('cold-0'));
const readyMs = performance.now();
const cpu = process.cpuUsage();
const result: ColdResult = {
  bootMs,
  loadMs: loadedMs - bootMs,
  firstInvokeMs: readyMs - loadedMs,
  readyMs,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  cpuMs: (cpu.user + cpu.system) / 1000,
};
writeFileSync(job.out, JSON.stringify(result));
// Keep-alive sockets (KMS, provider) would hold the process open; a Lambda would freeze here instead.
process.exit(0);
