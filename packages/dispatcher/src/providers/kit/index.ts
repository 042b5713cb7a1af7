/**
 * The provider kit's one import surface: what adapters share below failover (address shapes, status
 * classes, scrub, network codes, `Retry-After`, attempt signals, env reading).
 *
 * Adapters, env parsers and the cold-start entry import the kit from here rather than from its files, and
 * that is what keeps the bundle's cold path short: esbuild puts shared code in one chunk per *set of entry
 * points* reaching a file, so five adapters each reaching a different subset of ten small files made ten
 * chunks of a few hundred bytes, and every ESM file costs a cold start its own read, parse and link
 * (≈ 0.2 ms each on Node 22; bench/README.md, issue 15). Through this file they all reach every kit file,
 * so the kit ships as one chunk with the env parsers.
 *
 * `warm-agent.ts` is not here on purpose: it loads `node:https`/`node:tls`, which the cold-start entry must
 * not load before it knows there is an https origin to pre-connect (warmup.ts). Import it by its path.
 */
export * from './address.js';
export * from './attempt-signal.js';
export * from './env.js';
export * from './headers.js';
export * from './malformed.js';
export * from './network.js';
export * from './retry-after.js';
export * from './scrub.js';
export * from './status.js';
