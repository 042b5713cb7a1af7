// Module-resolution hook (node:module register) that appends every resolved URL to a log file,
// synchronously, so by the time an import has finished its resolutions are on disk.
import { appendFileSync } from 'node:fs';

let log;

export function initialize(data) {
  log = data.log;
}

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, `${result.url}\n`);
  return result;
}
