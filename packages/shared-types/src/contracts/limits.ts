/**
 * Limits two packages must agree on. Time: the dispatcher splits an invocation's time across its provider
 * chain with them, and infra sizes the Lambda timeout from the same cap. Size: the template checks and the
 * studio judge rendered HTML against the same thresholds. One copy, imported by all.
 */

/**
 * Longest one provider attempt may take. A healthy provider answers in well under a second; infra's function
 * timeout allows one such wait per provider in the chain (plus fixed work), so no chain outlives Lambda.
 */
export const PROVIDER_ATTEMPT_CAP_MS = 10_000;

/**
 * Below this much time left, the rest is not split across the providers still to try: the current provider
 * gets all of it (a share of it would rarely be a fair chance: connection, TLS, the API's own latency).
 */
export const PROVIDER_ATTEMPT_FLOOR_MS = 1_000;

/** Time kept free at the end of an invocation for the outcome line and returning before Lambda's deadline. */
export const INVOCATION_SAFETY_MARGIN_MS = 500;

/** HTML size (UTF-8 bytes) that earns a warning: well under Gmail's clipping point, so there is room to grow. */
export const HTML_SIZE_WARN_BYTES = 80 * 1024;

/** HTML size (UTF-8 bytes) that fails the template check: Gmail clips messages above ~102 KB. */
export const HTML_SIZE_FAIL_BYTES = 102 * 1024;
