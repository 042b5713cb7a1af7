/**
 * Probe (not timed): which of a contestant's files a fresh process loads to handle one event. With code
 * splitting, the size that matters is what one configured provider loads, not the whole dist/ folder.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { ColdJob } from './protocol.js';
import { lambdaContext } from './protocol.js';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const job = JSON.parse(process.argv[2] ?? '{}') as ColdJob;
const trace = `${job.out}.trace`;
writeFileSync(trace, '');
const hooks = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(${JSON.stringify(trace)}, url + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
const mod = (await import(pathToFileURL(job.bundle).href)) as {
  handler?: Handler;
  default?: { handler?: Handler };
};
const handler = mod.handler ?? mod.default?.handler;
if (typeof handler !== 'function') throw new Error(`${job.bundle} exports no handler`);
await handler(job.event.event, lambdaContext('probe-0'));
const urls = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
rmSync(trace, { force: true });
writeFileSync(job.out, JSON.stringify({ urls }));
process.exit(0);
