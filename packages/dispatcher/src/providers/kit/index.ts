/**
 * The provider kit's one import surface: what adapters share below failover (address shapes, status
 * classes, scrub, network codes, `Retry-After`, attempt signals, env reading).
 *
 * Adapters, env parsers and the cold-start entry import the kit from here rather than from its files, and
 * that is what keeps the bundle's cold path short. esbuild puts shared code in one chunk per *set of entry
 * points* that reach a file; when the six adapters, the main chunk and the entry each reached a different
 * subset of the kit and of the env parsers, those nine kit files and six parsers shipped as fourteen chunks of
 * 0.3–1.7 KB, thirteen of them read, parsed and linked by every SendGrid cold start (sixteen such files cost
 * ≈ 3 ms against the same code in one file on Node 22; bench/README.md, issue 15). Through this file and
 * `env/index.ts` every one of them is reached by the same entry points, so they ship as one chunk
 * (test/integration/providers/lazy-loading.test.ts holds it).
 *
 * `warm-agent.ts` is not here on purpose: it loads `node:https`/`node:tls`, which the cold-start entry must
 * not load before it knows there is an https origin to pre-connect (warmup.ts). Import it by its path.
 */
export { formatMailbox, toEmailObject } from './address.js';
export { abortError, attemptBudgetMs, attemptSignal } from './attempt-signal.js';
export {
  type Env,
  envValue,
  httpBaseUrl,
  isHttpUrl,
  type ParsedEnv,
  parsedEnv,
  requireEnv,
} from './env.js';
export { readHeader } from './headers.js';
export { malformedResponse } from './malformed.js';
export { isAbortName, isNetworkCode, NETWORK_ERROR_CODES } from './network.js';
export { parseRetryAfter } from './retry-after.js';
export { REASON_MAX_CHARS, scrubReason } from './scrub.js';
export { AUTH_STATUSES, classifyStatus, isTransientStatus, transientStatus } from './status.js';
