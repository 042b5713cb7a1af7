// Child process for lazy-loading.test.ts and measure.ts: imports the built bundle (its top-level await runs
// the cold-start work), then prints the CommonJS modules loaded and how long the import took (wall and CPU),
// as the last stdout line (the bundle's own cold-start log line comes before it).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const started = performance.now();
const cpuBefore = process.cpuUsage();
await import(pathToFileURL(process.argv[2]).href);
const importMs = performance.now() - started;
// CPU time is steadier than wall time on a shared machine: other processes do not inflate it.
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(
  `\n${JSON.stringify({ importMs, cpuMs, cjs: Object.keys(createRequire(import.meta.url).cache) })}\n`,
);
