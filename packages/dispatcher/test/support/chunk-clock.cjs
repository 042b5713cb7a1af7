// Preload (`NODE_OPTIONS=--require …`) for warm-up ordering tests: every bundle file starts with the build's
// banner, `createRequire(import.meta.url)` (scripts/bundle-options.ts), so wrapping `createRequire` tells
// when each chunk starts to evaluate. Appends `<epoch ms> <file name>` lines to MAILROOM_CHUNK_CLOCK.
const { appendFileSync } = require('node:fs');
const module_ = require('node:module');

const original = module_.createRequire;
module_.createRequire = function createRequire(from) {
  const at = performance.timeOrigin + performance.now();
  appendFileSync(process.env.MAILROOM_CHUNK_CLOCK, `${at} ${String(from).split('/').pop()}\n`);
  return original.call(this, from);
};
module_.syncBuiltinESMExports();
