/**
 * What the harness and its child processes exchange. A child gets one JSON argument (its job) and writes
 * one JSON file (its result); stdout/stderr stay free for the handler's own logs.
 */

/** A Lambda context good enough for every contestant. */
export function lambdaContext(requestId: string): Record<string, unknown> {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'mailroom-bench',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:mailroom-bench',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/mailroom-bench',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => 5_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** One labelled event from the testkit factory. */
export interface LabelledEvent {
  trigger: string;
  event: unknown;
}

export interface ColdJob {
  bundle: string;
  event: LabelledEvent;
  out: string;
}

export interface ColdResult {
  /** ms from process start (performance.timeOrigin) to the runner's first line. */
  bootMs: number;
  /** ms spent importing the bundle (parse + module top level). */
  loadMs: number;
  /** ms spent in the first invocation. */
  firstInvokeMs: number;
  /** ms from process start to the end of the first invocation. */
  readyMs: number;
  /** Peak resident set size of the process, bytes. */
  maxRssBytes: number;
  /** CPU ms (user + system) this process used up to the end of the first invocation. */
  cpuMs: number;
}

export interface WarmJob {
  bundle: string;
  events: LabelledEvent[];
  /** Invocations not recorded (JIT, sockets, lazy imports). */
  warmup: number;
  /** Recorded sequential invocations; events are used round-robin. */
  iterations: number;
  /** Invocation numbers (1-based, counted after warm-up) at which RSS is sampled. */
  rssAt: number[];
  /**
   * Run a full GC (`gc()`, needs `--expose-gc`) right before each memory sample, so the sample shows what
   * the process keeps rather than where V8's collection cycle happens to be.
   */
  gcBeforeSample?: boolean;
  /** Concurrent burst after the sequential part: how many in flight, how many in total (0 = skip). */
  burst: { concurrency: number; total: number };
  out: string;
}

export interface WarmResult {
  /** Per trigger: latencies in ms of the recorded sequential invocations. */
  latencies: Record<string, number[]>;
  /**
   * CPU ms (user + system, this process only) per recorded invocation of a code-carrying trigger: robust
   * against other processes competing for the cores, unlike wall latency. Stand-in work is not included.
   */
  cpuPerInvocation: number[];
  /** RSS in bytes at the sampled invocation numbers. */
  rss: Record<string, number>;
  /** Heap used in bytes at the same points. */
  heapUsed: Record<string, number>;
  /** Peak RSS so far (bytes) at the same points. */
  peakRss: Record<string, number>;
  /** V8 heap reserved (bytes) at the same points: RSS growth with flat heapUsed is reservation, not a leak. */
  heapTotal: Record<string, number>;
  /** Memory outside the V8 heap (Buffers, OpenSSL objects), bytes, at the same points. */
  external: Record<string, number>;
  maxRssBytes: number;
  /** Sequential part: wall ms and CPU ms (user + system) of this process. */
  sequential: { wallMs: number; cpuMs: number; count: number };
  burst: { wallMs: number; cpuMs: number; count: number } | null;
  errors: string[];
}

/** One sandbox under the network model (issue 18): a cold invocation, then warm ones. */
export interface NetworkJob {
  bundle: string;
  /** Event 0 is the cold invocation's; then `warmup` unrecorded and `iterations` recorded ones, in order. */
  events: LabelledEvent[];
  warmup: number;
  iterations: number;
  /** Exploration only: write `cold.cpuprofile` and `warm.cpuprofile` here (network.ts `startProfiler`). */
  profileDir?: string;
  out: string;
}

export interface NetworkResult {
  /** ms from process start to the end of the bundle's import (init included: top-level await). */
  loadMs: number;
  /** ms of the first invocation alone. */
  coldInvokeMs: number;
  /** ms from process start to the first invocation's end, i.e. the provider's acceptance. */
  coldAcceptedMs: number;
  /** Epoch ms of the same moment (splits the TLS fronts' handshakes into cold and warm). */
  coldAcceptedEpochMs: number;
  /** Epoch ms when the recorded warm invocations start (after the unrecorded ones). */
  warmStartEpochMs: number;
  warmEndEpochMs: number;
  /** ms per recorded warm invocation, from its start to the provider's acceptance. */
  warmMs: number[];
  errors: string[];
}
