/**
 * `pnpm load`: 2,000 invocations of the BUILT dispatcher bundle (packages/dispatcher/dist/index.js, what infra
 * deploys) at concurrency 50, in one process with the KMS and SendGrid stand-ins, on distinct pre-generated
 * factory events (all 8 triggers, real 0x0378 ciphertexts). Not part of `pnpm test`.
 *
 * Checks (exit code 1 on any violation):
 * - errors: no invocation throws, no log line at warn or above, exactly one `email_sent` line per invocation;
 * - duplicates: the stand-in accepted exactly one message per invocation, with unique message ids, one per
 *   recipient, each carrying that recipient's own code (no cross-talk between concurrent invocations);
 * - handles: right after the load the keep-alive socket pools are bounded by the concurrency, and once the
 *   stand-ins close, `process.getActiveResourcesInfo()` is back to its pristine baseline (polled, deadline);
 * - memory: heap and RSS after the load (after GC) stay within a small margin of the warmed-up baseline.
 * Reports throughput and latency percentiles.
 *
 * How: the parent re-runs this file as a worker (`--worker`) with stdout piped, so every JSON log line the
 * bundle writes (pino, synchronously to fd 1) is counted here, and GC is exposed to the worker.
 * Flags: `--total=<n>`, `--concurrency=<n>` (smoke runs; the defaults are the figures), and
 * `--duplicates`: IDEMPOTENCY_TABLE on a local DynamoDB (dynalite, in-process) and every event delivered twice
 * concurrently — still exactly one send per event, one `email_skipped` per extra copy, one record per event.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TRIGGERS } from '@mailroom/shared-types';
import type { MadeEvent } from '@mailroom/testkit';
import { makeEvent, startDynamoDbStandIn, startKmsStandIn, startSendGridStandIn } from '@mailroom/testkit';
import { summarize } from './src/stats.js';

const BUNDLE = fileURLToPath(new URL('../packages/dispatcher/dist/index.js', import.meta.url));
const API_KEY = 'SG.load-test-key-7d1e';
const WARMUP = 100;
/** Heap may grow this much across the load (after GC) before it counts as a leak (~2.5 KB per invocation). */
const HEAP_MARGIN_BYTES = 5 * 1024 * 1024;
/** RSS is coarser (allocator arenas, JIT code): generous, it catches only gross leaks. */
const RSS_MARGIN_BYTES = 48 * 1024 * 1024;
/** How long connections may take to close after the stand-ins shut down. */
const SETTLE_DEADLINE_MS = 5_000;

interface Options {
  total: number;
  concurrency: number;
  /** Every measured event is delivered twice, concurrently, with IDEMPOTENCY_TABLE on a local DynamoDB. */
  duplicates: boolean;
}

interface WorkerResult {
  total: number;
  concurrency: number;
  wallMs: number;
  latencies: number[];
  thrown: { index: number; name: string; message: string }[];
  accepted: number;
  uniqueMessageIds: number;
  uniqueRecipients: number;
  wrongCode: number;
  resources: {
    baseline: Record<string, number>;
    peak: Record<string, number>;
    /** TCP sockets (both ends, in-process) right after the load, stand-ins still up: the keep-alive pools. */
    afterLoad: number;
    after: Record<string, number>;
  };
  settleMs: number;
  settled: boolean;
  memory: { heapBefore: number; heapAfter: number; rssBefore: number; rssAfter: number };
  eventsGeneratedMs: number;
  duplicates: boolean;
  /** Items in the idempotency table after the run (with --duplicates). */
  idempotencyRecords: number | undefined;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { total: 2_000, concurrency: 50, duplicates: false };
  for (const arg of argv) {
    const match = /^--(total|concurrency)=(\d+)$/.exec(arg);
    if (match?.[1] === 'total' && match[2]) options.total = Number(match[2]);
    else if (match?.[1] === 'concurrency' && match[2]) options.concurrency = Number(match[2]);
    else if (arg === '--duplicates') options.duplicates = true;
    else if (arg !== '--worker') {
      throw new Error(
        `unknown flag "${arg}": use --total=<n>, --concurrency=<n> (defaults 2000 and 50) and --duplicates`,
      );
    }
  }
  if (options.total < 1 || options.concurrency < 1) throw new Error('--total and --concurrency must be ≥ 1');
  return options;
}

function countResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

function exceeds(now: Record<string, number>, baseline: Record<string, number>): string[] {
  return Object.entries(now)
    .filter(([type, n]) => n > (baseline[type] ?? 0))
    .map(([type, n]) => `${type} ${n} > ${baseline[type] ?? 0}`);
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('the worker needs --expose-gc');
  collect();
  collect();
}

/** Runs `count` tasks with at most `limit` in flight. */
async function pool(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  });
  await Promise.all(lanes);
}

type Kms = Awaited<ReturnType<typeof startKmsStandIn>>;
type SendGrid = Awaited<ReturnType<typeof startSendGridStandIn>>;
type Dynamo = Awaited<ReturnType<typeof startDynamoDbStandIn>>;

/** The stand-ins the bundle talks to; DynamoDB (with its idempotency table) only with `--duplicates`. */
interface StandIns {
  kms: Kms;
  sendgrid: SendGrid;
  dynamo: Dynamo | undefined;
  table: string | undefined;
}

/** What the stand-in accepted for one invocation, reduced to what the checks need. */
interface Digest {
  index: number;
  to: string;
  messageId: string;
  hasCode: boolean;
}

async function startStandIns(options: Options): Promise<StandIns> {
  const kms = await startKmsStandIn({ region: 'eu-west-1' });
  const sendgrid = await startSendGridStandIn({ apiKey: API_KEY });
  const dynamo = options.duplicates ? await startDynamoDbStandIn({ region: 'eu-west-1' }) : undefined;
  const table = dynamo ? await dynamo.createIdempotencyTable() : undefined;
  return { kms, sendgrid, dynamo, table };
}

/** Distinct events, pre-generated so the load measures the dispatcher, not the factory. */
async function generateEvents(kms: Kms, count: number): Promise<{ events: MadeEvent[]; ms: number }> {
  const generated = performance.now();
  const events: MadeEvent[] = new Array(count);
  await pool(events.length, 8, async (index) => {
    const trigger = TRIGGERS[index % TRIGGERS.length];
    if (!trigger) throw new Error('empty trigger table');
    events[index] = await makeEvent(trigger.name, {
      kms,
      userName: `load-user-${index}`,
      email: `load-${index}@example.com`,
      code: String(100_000 + index),
      temporaryPassword: `Tmp<${index}>&Pw!`,
    });
  });
  return { events, ms: performance.now() - generated };
}

/** The bundle's configuration, pointed at the stand-ins (set before the bundle is imported). */
function configureBundleEnv({ kms, sendgrid, dynamo, table }: StandIns): void {
  Object.assign(process.env, {
    AWS_REGION: kms.region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_KMS: kms.url,
    KMS_KEY_ARN: kms.keyArn,
    EMAIL_PROVIDER: 'sendgrid',
    EMAIL_FROM: 'Mailroom Load <no-reply@example.com>',
    SENDGRID_API_KEY: API_KEY,
    SENDGRID_API_URL: sendgrid.url,
    APP_URL: 'https://app.example.com',
    LOG_LEVEL: 'info',
    ...(dynamo && table ? { AWS_ENDPOINT_URL_DYNAMODB: dynamo.url, IDEMPOTENCY_TABLE: table } : {}),
  });
}

/**
 * `invoke(index)` runs the bundle's handler on event `index` and returns its latency; what it throws goes to
 * `thrown`, what the stand-in accepted to `digests`.
 */
async function loadInvoker(standIns: StandIns, events: MadeEvent[]) {
  const { kms, sendgrid } = standIns;
  const mod = (await import(pathToFileURL(BUNDLE).href)) as {
    handler: (event: unknown, context: unknown) => Promise<void>;
  };
  const context = (index: number) => ({
    awsRequestId: `load-${index}`,
    getRemainingTimeInMillis: () => 15_000,
  });
  const thrown: WorkerResult['thrown'] = [];
  // The stand-ins keep every accepted message (full HTML) and every KMS call: drained into small digests
  // after each invocation, so their storage does not show up as the dispatcher's heap growth.
  const expected = new Map(events.map((m, i) => [`load-${i}@example.com`, m.plaintext]));
  const digests: Digest[] = [];
  const drain = () => {
    for (const message of sendgrid.accepted.splice(0)) {
      const to = message.to[0] ?? '';
      const plaintext = expected.get(to);
      digests.push({
        index: Number(/^load-(\d+)@/.exec(to)?.[1] ?? -1),
        to,
        messageId: message.messageId,
        // The text part is not HTML-escaped, so temporary passwords with < > & appear verbatim there.
        hasCode: plaintext === null || (plaintext !== undefined && (message.text ?? '').includes(plaintext)),
      });
    }
    kms.calls.length = 0;
  };
  const invoke = async (index: number): Promise<number> => {
    const started = performance.now();
    try {
      await mod.handler(events[index]?.event, context(index));
    } catch (err) {
      const e = err as { name?: string; message?: string };
      thrown.push({ index, name: String(e?.name), message: String(e?.message).slice(0, 200) });
    }
    const elapsed = performance.now() - started;
    drain();
    return elapsed;
  };
  return { invoke, thrown, digests };
}

/** The measured load: latencies per invocation, wall time, and the resource counts sampled every 100. */
async function measureLoad(options: Options, invoke: (index: number) => Promise<number>) {
  // With --duplicates each event appears twice in a row, so both copies are in flight together.
  const copies = options.duplicates ? 2 : 1;
  const latencies: number[] = new Array(options.total * copies);
  const peak: Record<string, number> = {};
  const started = performance.now();
  await pool(options.total * copies, options.concurrency, async (i) => {
    latencies[i] = await invoke(WARMUP + Math.floor(i / copies));
    if (i % 100 === 0) {
      for (const [type, n] of Object.entries(countResources())) peak[type] = Math.max(peak[type] ?? 0, n);
    }
  });
  return { latencies, peak, wallMs: performance.now() - started };
}

/** Delivery accounting over the measured invocations only (recipient `load-<index>@…`, index ≥ WARMUP). */
function deliveryCounts(digests: Digest[]) {
  const measured = digests.filter((d) => d.index >= WARMUP);
  return {
    accepted: measured.length,
    uniqueMessageIds: new Set(measured.map((d) => d.messageId)).size,
    uniqueRecipients: new Set(measured.map((d) => d.to)).size,
    wrongCode: measured.filter((d) => !d.hasCode).length,
  };
}

/**
 * Closes the stand-ins (which ends their connections), then polls until every resource the process holds is
 * back to `baseline` or SETTLE_DEADLINE_MS passes. Also counts the idempotency records first (--duplicates).
 */
async function closeAndSettle({ kms, sendgrid, dynamo, table }: StandIns, baseline: Record<string, number>) {
  const records = dynamo && table ? (await dynamo.scan(table)).length : undefined;
  await Promise.all([kms.close(), sendgrid.close(), dynamo?.close()]);
  const settleStart = performance.now();
  let after = countResources();
  while (exceeds(after, baseline).length > 0 && performance.now() - settleStart < SETTLE_DEADLINE_MS) {
    // Polling, not a fixed sleep: the loop ends as soon as the counts are back.
    await new Promise((resolve) => setTimeout(resolve, 20));
    after = countResources();
  }
  const settleMs = performance.now() - settleStart;
  return { records, after, settleMs, settled: exceeds(after, baseline).length === 0 };
}

async function worker(options: Options): Promise<WorkerResult> {
  // Process-lifetime stdio handles are not leaks, so open them before the baseline: the first ESM import of
  // `node:process` (the bundled AWS SDK has one, loaded lazily) builds the builtin's facade, which reads every
  // property of `process`, `stdin` included, and so opens stdin; on Node 20 the SDK also writes its
  // NodeVersionSupportWarning to stderr once.
  await import('node:process');
  void process.stderr.fd;
  const baselineResources = countResources();
  const standIns = await startStandIns(options);
  const { events, ms: eventsGeneratedMs } = await generateEvents(standIns.kms, WARMUP + options.total);
  configureBundleEnv(standIns);
  const { invoke, thrown, digests } = await loadInvoker(standIns, events);

  // Warm-up (JIT, clients, keep-alive pools), then the memory baseline.
  await pool(WARMUP, options.concurrency, async (index) => void (await invoke(index)));
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;

  const { latencies, peak, wallMs } = await measureLoad(options, invoke);

  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const rssAfter = process.memoryUsage().rss;

  const delivery = deliveryCounts(digests);
  const socketsAfterLoad = countResources().TCPSocketWrap ?? 0;

  // Handles. Idle keep-alive sockets are pooled, not leaked (the KMS stand-in keeps them 65 s, like AWS), so:
  // (1) right after the load the pool must be bounded by the concurrency, not grow with the invocation count;
  // (2) once the stand-ins close (which ends their connections), every resource the process holds must be
  // back to the pristine baseline taken before anything started: no timer, socket or handle survives.
  const { records, after, settleMs, settled } = await closeAndSettle(standIns, baselineResources);

  return {
    total: options.total,
    concurrency: options.concurrency,
    wallMs,
    latencies,
    thrown,
    ...delivery,
    resources: { baseline: baselineResources, peak, afterLoad: socketsAfterLoad, after },
    settleMs,
    settled,
    memory: { heapBefore, heapAfter, rssBefore, rssAfter },
    eventsGeneratedMs,
    duplicates: options.duplicates,
    idempotencyRecords: records,
  };
}

interface LogTally {
  lines: number;
  sent: number;
  skipped: number;
  byEvent: Record<string, number>;
  warnOrWorse: Record<string, unknown>[];
  otherStdout: string[];
}

function tally(stdout: string): LogTally {
  const result: LogTally = { lines: 0, sent: 0, skipped: 0, byEvent: {}, warnOrWorse: [], otherStdout: [] };
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    let log: Record<string, unknown>;
    try {
      log = JSON.parse(line) as Record<string, unknown>;
    } catch {
      result.otherStdout.push(line);
      continue;
    }
    result.lines += 1;
    const event = String(log.event ?? '(none)');
    result.byEvent[event] = (result.byEvent[event] ?? 0) + 1;
    if (event === 'email_sent') result.sent += 1;
    if (event === 'email_skipped') result.skipped += 1;
    if (['warn', 'error', 'fatal'].includes(String(log.level))) result.warnOrWorse.push(log);
  }
  return result;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(2)} ms`;

/** Stderr lines beyond the AWS SDK's known Node-version notice. */
function unexpectedStderr(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter(
      (l) =>
        l.trim() && !/NodeVersionSupportWarning|AWS SDK|node >=22|a\.co\/|--trace-warnings|^\s*$/.test(l),
    )
    .filter((l) => !/versions published|To continue receiving|and security updates|More information/.test(l));
}

/** Errors and delivery: nothing thrown or logged at warn+, one send per invocation, each with its own code. */
function deliveryViolations(result: WorkerResult, logs: LogTally): string[] {
  const violations: string[] = [];
  const expectedLines = WARMUP + result.total;
  if (result.thrown.length > 0) {
    violations.push(`${result.thrown.length} invocations threw, first: ${JSON.stringify(result.thrown[0])}`);
  }
  if (logs.warnOrWorse.length > 0) {
    violations.push(
      `${logs.warnOrWorse.length} log lines at warn or above, first: ${JSON.stringify(logs.warnOrWorse[0])}`,
    );
  }
  if (logs.sent !== expectedLines)
    violations.push(`email_sent lines: ${logs.sent}, expected ${expectedLines}`);
  if (result.accepted !== result.total)
    violations.push(`accepted ${result.accepted}, expected ${result.total}`);
  if (result.uniqueMessageIds !== result.total) {
    violations.push(`unique message ids ${result.uniqueMessageIds}, expected ${result.total} (duplicates)`);
  }
  if (result.uniqueRecipients !== result.total) {
    violations.push(
      `unique recipients ${result.uniqueRecipients}, expected ${result.total} (duplicates or losses)`,
    );
  }
  if (result.wrongCode > 0)
    violations.push(`${result.wrongCode} emails did not carry their recipient's code`);
  return violations;
}

/** Handles, memory and stray output: sockets bounded, handles back to baseline, heap and RSS flat. */
function resourceViolations(result: WorkerResult, logs: LogTally, stderr: string): string[] {
  const violations: string[] = [];
  // Pooled clients (KMS, SendGrid; DynamoDB too with --duplicates) of at most `concurrency` sockets each, both
  // ends in this process, plus the factory's 8 lanes: anything above means sockets grow with invocations.
  const poolBound = (result.duplicates ? 6 : 4) * result.concurrency + 16;
  if (result.resources.afterLoad > poolBound) {
    violations.push(
      `${result.resources.afterLoad} TCP sockets open after the load (> ${poolBound}): a socket leak`,
    );
  }
  if (!result.settled) {
    violations.push(
      `handles not back to baseline ${SETTLE_DEADLINE_MS} ms after the stand-ins closed: ${exceeds(result.resources.after, result.resources.baseline).join(', ')}`,
    );
  }
  const heapGrowth = result.memory.heapAfter - result.memory.heapBefore;
  const rssGrowth = result.memory.rssAfter - result.memory.rssBefore;
  if (heapGrowth > HEAP_MARGIN_BYTES)
    violations.push(`heap grew ${mb(heapGrowth)} (> ${mb(HEAP_MARGIN_BYTES)})`);
  if (rssGrowth > RSS_MARGIN_BYTES) violations.push(`RSS grew ${mb(rssGrowth)} (> ${mb(RSS_MARGIN_BYTES)})`);
  const extraStderr = unexpectedStderr(stderr);
  if (extraStderr.length > 0) violations.push(`unexpected stderr: ${extraStderr.slice(0, 3).join(' | ')}`);
  if (logs.otherStdout.length > 0)
    violations.push(`non-JSON stdout: ${logs.otherStdout.slice(0, 3).join(' | ')}`);
  return violations;
}

/** The five slowest measured invocations, as `#<index> <trigger> <ms> ms`. */
function slowestInvocations(result: WorkerResult): string[] {
  return result.latencies
    .map((value, i) => ({
      i,
      value,
      trigger: TRIGGERS[(WARMUP + Math.floor(i / (result.duplicates ? 2 : 1))) % TRIGGERS.length]?.name,
    }))
    .sort((a, b) => b.value - a.value)
    .slice(0, 5)
    .map((s) => `#${s.i} ${s.trigger} ${s.value.toFixed(0)} ms`);
}

/** Prints the figures table (stdout). */
function printFigures(result: WorkerResult, logs: LogTally): void {
  const heapGrowth = result.memory.heapAfter - result.memory.heapBefore;
  const rssGrowth = result.memory.rssAfter - result.memory.rssBefore;
  const lat = summarize(result.latencies);
  const slowest = slowestInvocations(result);
  const invocations = result.latencies.length;
  const throughput = invocations / (result.wallMs / 1000);
  console.log(
    `# Mailroom load: ${invocations} invocations of dist/index.js at concurrency ${result.concurrency}` +
      (result.duplicates
        ? ` (${result.total} events, each delivered twice; IDEMPOTENCY_TABLE on dynalite)`
        : ''),
  );
  console.log('');
  console.log(`| figure | value |`);
  console.log(`| --- | --- |`);
  console.log(
    `| throughput | ${throughput.toFixed(0)} invocations/s (${(result.wallMs / 1000).toFixed(2)} s wall) |`,
  );
  console.log(`| latency p50 / p99 / max | ${ms(lat.median)} / ${ms(lat.p99)} / ${ms(lat.max)} |`);
  console.log(`| latency min / p25 / p75 | ${ms(lat.min)} / ${ms(lat.p25)} / ${ms(lat.p75)} |`);
  console.log(`| slowest (index in the load, trigger) | ${slowest.join(', ')} |`);
  console.log(`| errors (thrown / warn+ log lines) | ${result.thrown.length} / ${logs.warnOrWorse.length} |`);
  console.log(
    `| sends accepted / unique ids / unique recipients | ${result.accepted} / ${result.uniqueMessageIds} / ${result.uniqueRecipients} |`,
  );
  console.log(`| duplicates | ${result.accepted - result.uniqueRecipients} |`);
  if (result.duplicates) {
    console.log(
      `| duplicate copies skipped / idempotency records | ${logs.skipped} / ${result.idempotencyRecords} |`,
    );
  }
  console.log(`| wrong code in body | ${result.wrongCode} |`);
  console.log(`| log lines (by event) | ${JSON.stringify(logs.byEvent)} |`);
  console.log(
    `| heap after GC (before → after) | ${mb(result.memory.heapBefore)} → ${mb(result.memory.heapAfter)} (${heapGrowth >= 0 ? '+' : ''}${mb(heapGrowth)}) |`,
  );
  console.log(
    `| RSS (before → after) | ${mb(result.memory.rssBefore)} → ${mb(result.memory.rssAfter)} (${rssGrowth >= 0 ? '+' : ''}${mb(rssGrowth)}) |`,
  );
  console.log(`| active resources baseline | ${JSON.stringify(result.resources.baseline)} |`);
  console.log(`| active resources peak (sampled) | ${JSON.stringify(result.resources.peak)} |`);
  console.log(`| TCP sockets right after the load (keep-alive pools) | ${result.resources.afterLoad} |`);
  console.log(
    `| active resources after | ${JSON.stringify(result.resources.after)} (${result.settleMs.toFixed(0)} ms after the stand-ins closed) |`,
  );
  console.log(
    `| events pre-generated | ${WARMUP + result.total} in ${(result.eventsGeneratedMs / 1000).toFixed(1)} s |`,
  );
  console.log('');
}

/** Prints the figures and returns every violated check (empty: PASS). */
function report(result: WorkerResult, logs: LogTally, stderr: string): string[] {
  const violations = [...deliveryViolations(result, logs), ...resourceViolations(result, logs, stderr)];
  printFigures(result, logs);
  return violations;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  if (argv.includes('--worker')) {
    const result = await worker(options);
    process.send?.(result, () => process.exit(0));
    return;
  }
  if (!existsSync(BUNDLE)) {
    throw new Error(
      'packages/dispatcher/dist/index.js is missing: run pnpm --filter @mailroom/dispatcher build',
    );
  }
  const child = fork(fileURLToPath(import.meta.url), [...argv, '--worker'], {
    execArgv: [...process.execArgv, '--expose-gc'],
    silent: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const result = await new Promise<WorkerResult>((resolve, reject) => {
    let reply: WorkerResult | undefined;
    child.on('message', (message) => {
      reply = message as WorkerResult;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (reply) resolve(reply);
      else reject(new Error(`load worker exited with ${code} without a result:\n${stderr.slice(-2000)}`));
    });
  });
  const violations = report(result, tally(stdout), stderr);
  if (violations.length > 0) {
    console.log(`FAIL: ${violations.length} violation(s)`);
    for (const v of violations) console.log(`- ${v}`);
    process.exitCode = 1;
  } else {
    console.log('PASS: zero errors, zero duplicates, handles back to baseline, memory flat');
  }
}

main().catch((err: unknown) => {
  console.error(`load: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
