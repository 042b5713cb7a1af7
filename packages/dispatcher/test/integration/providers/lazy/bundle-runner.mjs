// Child process for lazy-loading.test.ts and measure.ts: imports the built bundle (its top-level await runs
// the cold-start work), then prints the CommonJS modules loaded and how long the import took.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const started = performance.now();
await import(pathToFileURL(process.argv[2]).href);
const importMs = performance.now() - started;
process.stdout.write(JSON.stringify({ importMs, cjs: Object.keys(createRequire(import.meta.url).cache) }));
