/**
 * `pnpm bench`: our deployed bundle against the naive, mjml-runtime and floor baselines, in one run, on the
 * same events and the same loopback stand-ins, interleaved. Prints a markdown report and writes
 * bench/results/latest.json. `--quick` is a smoke run (seconds, figures not meaningful); `--profile` also
 * writes CPU profiles of one cold start per contestant to bench/dist/profiles/; `--variant=<label>=<dist dir>`
 * measures another build next to ours in every section and prints after/before (src/variant-report.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuiltContestant, ContestantName } from './src/bundle.js';
import {
  buildBaseline,
  buildRunner,
  buildRunnerAgainst,
  CONTESTANTS,
  copyOurs,
  dispatcherBundleSettings,
  RUNNER_OPTIONS,
} from './src/bundle.js';
import type { MicroPayloadResult } from './src/child/micro-payload.js';
import type { MicroRenderResult } from './src/child/micro-render.js';
import type { ColdResult, LabelledEvent, WarmResult } from './src/child/protocol.js';
import { makeEvents, startWorld } from './src/env.js';
import { BenchError } from './src/errors.js';
import { childRuntime, describeRuntime } from './src/lambda-runtime.js';
import { machineInfo, versions } from './src/machine.js';
import { networkMarkdown } from './src/network/report.js';
import { type NetworkVariant, runNetworkSection } from './src/network/section.js';
import { OUT_DIR, PROFILES_DIR, RESULTS_DIR } from './src/paths.js';
import { type Attribution, attributeProfile, bundleComposition } from './src/profile.js';
import type { ColdFigures, MicroFigures, Report, ReportInput, WarmFigures } from './src/report.js';
import { evaluate, toMarkdown } from './src/report.js';
import { runChild } from './src/spawn.js';
import { summarize } from './src/stats.js';

interface Plan {
  mode: 'full' | 'quick';
  coldRuns: number;
  eventsPerTrigger: number;
  warmRounds: number;
  warmup: number;
  /** Sequential invocations in the one process that samples ours' memory (issue: 1,000). */
  memoryIterations: number;
  /** Recorded sequential invocations per warm process (latency rounds). */
  iterations: Record<ContestantName, number>;
  burst: { concurrency: number; total: number };
  microIterations: number;
  profile: boolean;
  /** A dist/ folder to benchmark as "ours" instead of packages/dispatcher/dist (scratch builds of a fix). */
  oursDir: string | undefined;
  /** `--network`: only the network-model section (issue 18), not the loopback ones. */
  networkOnly: boolean;
  /**
   * `--variant=<label>=<dist dir>`: another build measured as ours is, in every section (before/after in one
   * run); `--variant-idempotency=<label>=<dist dir>`: the network section's ours-with-the-table, for a build.
   */
  variants: NetworkVariant[];
}

function plan(argv: string[]): Plan {
  const known = new Set(['--quick', '--profile', '--network']);
  const unknown = argv.filter(
    (a) => !known.has(a) && !a.startsWith('--ours=') && !/^--variant(-idempotency)?=[^=]+=.+/.test(a),
  );
  if (unknown.length > 0) {
    throw new BenchError(
      'BAD_FLAG',
      `unknown flag ${unknown.join(' ')}: use --quick (smoke run), --profile, --network (network model only), --ours=<dist dir of a scratch build>, --variant=<label>=<dist dir> (every section) and --variant-idempotency=<label>=<dist dir> (network section)`,
    );
  }
  const quick = argv.includes('--quick');
  const oursDir = argv.find((a) => a.startsWith('--ours='))?.slice('--ours='.length);
  const variants = argv
    .filter((a) => a.startsWith('--variant'))
    .map((a) => {
      const [flag = '', label = '', dir = ''] = a.split(/=/);
      return {
        label,
        entry: join(resolve(dir), 'index.js'),
        idempotency: flag === '--variant-idempotency',
      };
    });
  return quick
    ? {
        mode: 'quick',
        coldRuns: 3,
        eventsPerTrigger: 1,
        warmRounds: 1,
        warmup: 5,
        memoryIterations: 200,
        iterations: { ours: 60, naive: 30, 'mjml-runtime': 5, floor: 30 },
        burst: { concurrency: 8, total: 40 },
        microIterations: 50,
        profile: argv.includes('--profile'),
        oursDir,
        networkOnly: argv.includes('--network'),
        variants,
      }
    : {
        mode: 'full',
        coldRuns: 20,
        eventsPerTrigger: 4,
        warmRounds: 4,
        // Enough for V8 to optimise every contestant's hot path (ours has more code to warm: templates,
        // pino, axios); with 30, ours' p50 in the rounds was 1.35 × its own steady state.
        warmup: 200,
        memoryIterations: 1_000,
        iterations: { ours: 200, naive: 150, 'mjml-runtime': 25, floor: 150 },
        burst: { concurrency: 16, total: 400 },
        microIterations: 500,
        profile: argv.includes('--profile'),
        oursDir,
        networkOnly: argv.includes('--network'),
        variants,
      };
}

/** Rotates the order each round so no contestant always runs first (or right after the noisiest one). */
function rotate<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** `--network`: the network-model section alone (writes results/network.json). */
async function networkOnly(p: Plan): Promise<void> {
  const startedAt = Date.now();
  await mkdir(OUT_DIR, { recursive: true });
  const settings = dispatcherBundleSettings();
  const naive = await buildBaseline('naive', settings.options);
  const ours = await copyOurs(settings.options, p.oursDir);
  const world = await startWorld();
  try {
    const report = await runNetworkSection(
      world,
      { ours: ours.entry, naive: naive.entry },
      p.mode,
      log,
      p.variants,
      { profile: p.profile },
    );
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(join(RESULTS_DIR, 'network.json'), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(networkMarkdown(report));
    log(`wrote bench/results/network.json in ${Math.round((Date.now() - startedAt) / 1000)} s`);
  } finally {
    await world.close();
  }
}

type World = Awaited<ReturnType<typeof startWorld>>;
type BundleSettings = ReturnType<typeof dispatcherBundleSettings>;
type Runners = Awaited<ReturnType<typeof buildRunners>>;
type Delivery = Record<string, { expected: number; accepted: number; rejected: number }>;
type ColdSlot = { wall: number[]; results: ColdResult[] };

/** Everything the loopback sections share: the plan, the builds, the runners, the stand-ins and the events. */
interface Bench {
  p: Plan;
  /** The contestants, then the `--variant` builds measured as ours is (before/after in one run). */
  names: string[];
  variants: string[];
  built: Map<string, BuiltContestant>;
  runners: Runners;
  world: World;
  env: Record<string, string>;
  events: LabelledEvent[];
  codeEvents: LabelledEvent[];
  coldEvent: LabelledEvent;
  /** Sends the stand-in accepted per contestant (and for the cold starts), against what each should send. */
  delivery: Delivery;
}

function entry(bench: Bench, name: string): string {
  return (bench.built.get(name) as BuiltContestant).entry;
}

/** What a name is measured as: a `--variant` build is measured exactly as ours is. */
function role(name: string): ContestantName {
  return (CONTESTANTS as readonly string[]).includes(name) ? (name as ContestantName) : 'ours';
}

/** The `--variant=<label>=<dist dir>` builds (not the idempotency ones) for the loopback sections. */
function loopbackVariants(p: Plan): { label: string; dir: string }[] {
  const variants = p.variants.filter((v) => !v.idempotency);
  for (const { label } of variants) {
    if (['bare', ...CONTESTANTS].includes(label) || !/^[\w.+-]+$/.test(label)) {
      throw new BenchError(
        'BAD_FLAG',
        `--variant label "${label}": use letters, digits, . + - _ and not bare, ${CONTESTANTS.join(', ')}`,
      );
    }
  }
  return variants.map((v) => ({ label: v.label, dir: dirname(v.entry) }));
}

/** Keeps the parent's memory flat: the stand-in records every accepted message. */
function drain(world: World): void {
  world.sendgrid.accepted.length = 0;
  world.sendgrid.rejected.length = 0;
  world.kms.calls.length = 0;
}

/** Adds what the stand-in accepted and rejected since the last drain to `delivery[key]`, expecting `expected`. */
function countDelivery(bench: Bench, key: string, expected: number): void {
  const d = bench.delivery[key] ?? { expected: 0, accepted: 0, rejected: 0 };
  d.expected += expected;
  d.accepted += bench.world.sendgrid.accepted.length;
  d.rejected += bench.world.sendgrid.rejected.length;
  bench.delivery[key] = d;
}

async function buildContestants(
  settings: BundleSettings,
  oursDir: string | undefined,
  variants: { label: string; dir: string }[],
): Promise<Map<string, BuiltContestant>> {
  const built = new Map<string, BuiltContestant>();
  for (const name of ['naive', 'mjml-runtime', 'floor'] as const) {
    built.set(name, await buildBaseline(name, settings.options));
  }
  built.set('ours', await copyOurs(settings.options, oursDir));
  for (const v of variants) built.set(v.label, await copyOurs(settings.options, v.dir, v.label));
  return built;
}

/** The micro runners (render-only, payload-building-only), built against one checkout's sources. */
async function microRunners(settings: BundleSettings, variant?: { label: string; checkout: string }) {
  const build = (name: string) =>
    variant
      ? buildRunnerAgainst(name, settings.options, variant.checkout, variant.label)
      : buildRunner(name, settings.options);
  const skipped = (what: string) => (error: unknown) => {
    log(
      `${what} micro skipped${variant ? ` for ${variant.label}` : ''}: ${(error as Error).message.split('\n')[0]}`,
    );
    return null;
  };
  return {
    render: await build('micro-render').catch(skipped('render')),
    payload: await build('micro-payload').catch(skipped('payload')),
  };
}

async function buildRunners(settings: BundleSettings, variants: { label: string; dir: string }[]) {
  const micro: Record<string, Awaited<ReturnType<typeof microRunners>>> = {
    ours: await microRunners(settings),
  };
  // A variant's micro figures come from its own checkout (<checkout>/packages/dispatcher/dist), if it is one.
  for (const { label, dir } of variants) {
    const checkout = resolve(dir, '..', '..', '..');
    micro[label] = await microRunners(settings, { label, checkout });
  }
  return {
    cold: await buildRunner('cold', RUNNER_OPTIONS),
    warm: await buildRunner('warm', RUNNER_OPTIONS),
    probe: await buildRunner('probe', RUNNER_OPTIONS),
    micro,
  };
}

/** What one configured provider actually loads (with code splitting this is less than dist/), per contestant. */
async function probeLoaded(bench: Bench): Promise<Record<string, string[]>> {
  const loaded: Record<string, string[]> = {};
  for (const name of bench.names) {
    const { result } = await runChild<{ urls: string[] }>(
      bench.runners.probe,
      { bundle: entry(bench, name), event: bench.coldEvent },
      bench.env,
    );
    const dir = pathToFileURL((bench.built.get(name) as BuiltContestant).dir).href;
    loaded[name] = (result?.urls ?? [])
      .filter((u) => u.startsWith(`${dir}/`))
      .map((u) => u.slice(dir.length + 1));
  }
  drain(bench.world);
  return loaded;
}

/** `coldRuns` rounds of one cold start each of bare node and every contestant, interleaved. */
async function coldStarts(bench: Bench): Promise<Record<string, ColdSlot>> {
  const { p, env } = bench;
  const series = ['bare', ...bench.names];
  log(`cold starts: ${p.coldRuns} rounds × (bare node + ${bench.names.length} contestants), interleaved`);
  const cold: Record<string, ColdSlot> = {};
  for (const name of series) cold[name] = { wall: [], results: [] };
  for (let round = 0; round < p.coldRuns; round += 1) {
    for (const name of rotate(series, round)) {
      const slot = cold[name] as ColdSlot;
      if (name === 'bare') {
        const { wallMs } = await runChild(null, null, env, ['-e', '0']);
        slot.wall.push(wallMs);
      } else {
        const run = await runChild<ColdResult>(
          bench.runners.cold,
          { bundle: entry(bench, name), event: bench.coldEvent },
          env,
        );
        slot.wall.push(run.wallMs);
        if (run.result) slot.results.push(run.result);
      }
    }
    countDelivery(bench, 'cold starts', bench.names.filter((n) => n !== 'floor').length);
    drain(bench.world);
  }
  return cold;
}

/** `--profile`: one profiled cold start per contestant, attributed to packages. */
async function coldProfiles(bench: Bench): Promise<Record<string, Attribution>> {
  const profiles: Record<string, Attribution> = {};
  if (!bench.p.profile) return profiles;
  await mkdir(PROFILES_DIR, { recursive: true });
  for (const name of bench.names) {
    await runChild(bench.runners.cold, { bundle: entry(bench, name), event: bench.coldEvent }, bench.env, [
      '--cpu-prof',
      '--cpu-prof-interval=250',
      `--cpu-prof-dir=${PROFILES_DIR}`,
      `--cpu-prof-name=cold-${name}.cpuprofile`,
    ]);
    profiles[name] = await attributeProfile(
      join(PROFILES_DIR, `cold-${name}.cpuprofile`),
      entry(bench, name),
    );
  }
  log(`CPU profiles written to ${PROFILES_DIR}`);
  drain(bench.world);
  return profiles;
}

/** Bytes of the files each contestant loads, by package, largest first. */
async function compositionOf(
  built: Map<string, BuiltContestant>,
  loaded: Record<string, string[]>,
): Promise<Record<string, { name: string; bytes: number }[]>> {
  const composition: Record<string, { name: string; bytes: number }[]> = {};
  for (const name of built.keys()) {
    const b = built.get(name) as BuiltContestant;
    const merged = new Map<string, number>();
    for (const file of b.files.filter((f) => loaded[name]?.includes(f.path))) {
      for (const part of await bundleComposition(join(b.dir, file.path))) {
        merged.set(part.name, (merged.get(part.name) ?? 0) + part.bytes);
      }
    }
    composition[name] = [...merged.entries()]
      .map(([pkg, bytes]) => ({ name: pkg, bytes }))
      .sort((x, y) => y.bytes - x.bytes);
  }
  return composition;
}

/** One warm process's job: `name`'s events, warm-up and iterations; the throughput burst in round 0. */
function warmJob(bench: Bench, name: string, round: number): Record<string, unknown> {
  const { p } = bench;
  const kind = role(name);
  return {
    bundle: entry(bench, name),
    // Decrypt-only and render-per-call baselines only make sense for events that carry a code.
    events: kind === 'ours' || kind === 'naive' ? bench.events : bench.codeEvents,
    // mjml-runtime's calls are slow and its JIT warms within a few.
    warmup: kind === 'mjml-runtime' ? 5 : p.warmup,
    iterations: p.iterations[kind],
    rssAt: [],
    // Throughput burst once per contestant (first round), not in the slow baseline.
    burst: round === 0 && kind !== 'mjml-runtime' ? p.burst : { concurrency: 0, total: 0 },
  };
}

/** Sends one warm process of `name` should make (warm-up, iterations, burst); none for the floor. */
function expectedWarmSends(p: Plan, name: string, round: number): number {
  const kind = role(name);
  const burst = round === 0 && kind !== 'mjml-runtime' ? p.burst.total : 0;
  return kind === 'floor' ? 0 : (kind === 'mjml-runtime' ? 5 : p.warmup) + p.iterations[kind] + burst;
}

/** `warmRounds` rounds, one warm process per contestant per round, interleaved. */
async function warmRounds(bench: Bench): Promise<Record<string, WarmResult[]>> {
  const { p } = bench;
  log(`warm: ${p.warmRounds} rounds, one process per contestant per round, interleaved`);
  const warm: Record<string, WarmResult[]> = {};
  for (const name of bench.names) warm[name] = [];
  for (let round = 0; round < p.warmRounds; round += 1) {
    for (const name of rotate(bench.names, round)) {
      const { result } = await runChild<WarmResult>(
        bench.runners.warm,
        warmJob(bench, name, round),
        bench.env,
      );
      if (result) (warm[name] as WarmResult[]).push(result);
      countDelivery(bench, name, expectedWarmSends(p, name, round));
      drain(bench.world);
    }
  }
  return warm;
}

/** Every warm invocation of a sender must reach the stand-in, or its latency is not a send's latency. */
function warnOnMissedSends(delivery: Delivery): void {
  for (const [name, d] of Object.entries(delivery)) {
    if (d.accepted !== d.expected || d.rejected > 0) {
      log(`WARNING: ${name} delivered ${d.accepted} of ${d.expected} sends (${d.rejected} rejected)`);
    }
  }
}

/** The memory job: `name` in one process for `memoryIterations` sequential invocations, RSS sampled at 1, 200, last. */
function memoryJob(bench: Bench, name: string) {
  const { p } = bench;
  return {
    bundle: entry(bench, name),
    events: bench.events,
    warmup: 0,
    iterations: p.memoryIterations,
    rssAt: [1, 200, p.memoryIterations].filter((n) => n <= p.memoryIterations),
    burst: { concurrency: 0, total: 0 },
  };
}

/**
 * Ours (and each `--variant` build) in one long-lived process: the target run; then, ours only, the same
 * without forced GC and under node's defaults.
 */
async function memoryRuns(bench: Bench) {
  const { p, env } = bench;
  log(
    `memory: ${['ours', ...bench.variants].join(', ')}, ${p.memoryIterations} sequential warm invocations in one process (as Lambda starts it, then node defaults)`,
  );
  // The target run: started as Lambda starts the function (its bootstrap passes --expose-gc), each sample
  // after a full GC, so RSS growth shows what the process keeps, not where V8's collection cycle is
  // (bench/README.md, "Why memory is sampled after a full GC").
  const targets: Record<string, Awaited<ReturnType<typeof runChild<WarmResult>>>> = {};
  for (const name of ['ours', ...bench.variants]) {
    targets[name] = await runChild<WarmResult>(
      bench.runners.warm,
      { ...memoryJob(bench, name), gcBeforeSample: true },
      env,
    );
    drain(bench.world);
  }
  // Informational: the same, sampled wherever the GC cycle is; and under node's defaults.
  const raw = await runChild<WarmResult>(bench.runners.warm, memoryJob(bench, 'ours'), env);
  drain(bench.world);
  const defaults = await runChild<WarmResult>(
    bench.runners.warm,
    memoryJob(bench, 'ours'),
    env,
    [],
    120_000,
    {
      bootstrapFlags: false,
    },
  );
  drain(bench.world);
  return { targets, raw, defaults };
}

type MicroRun = { render: MicroRenderResult | null; payload: MicroPayloadResult | null };

/** Two micro results of one build as one (samples pooled); either may be missing. */
function pooled(a: MicroRun | undefined, b: MicroRun): MicroRun {
  if (!a) return b;
  const templates = { ...a.render?.templates };
  for (const [id, t] of Object.entries(b.render?.templates ?? {})) {
    const prev = templates[id];
    templates[id] = prev ? { ...prev, samples: [...prev.samples, ...t.samples] } : t;
  }
  const render =
    a.render && b.render ? { templates, errors: [...a.render.errors, ...b.render.errors] } : null;
  const payload =
    a.payload && b.payload ? { ...a.payload, samples: [...a.payload.samples, ...b.payload.samples] } : null;
  return { render: render ?? a.render ?? b.render, payload: payload ?? a.payload ?? b.payload };
}

/**
 * Render-only per template and payload-building-only, each in a process of its own, for ours and each
 * variant; with variants, in 3 rotated rounds (samples pooled), so a burst of load hits every build alike.
 */
async function microRuns(bench: Bench): Promise<Record<string, MicroRun>> {
  log('micro: render-only per template, payload-building-only');
  const { runners, p, env } = bench;
  const names = ['ours', ...bench.variants];
  const rounds = names.length > 1 ? 3 : 1;
  const runs: Record<string, MicroRun> = {};
  for (let round = 0; round < rounds; round += 1) {
    for (const name of rotate(names, round)) {
      const r = runners.micro[name];
      const iterations = Math.ceil(p.microIterations / rounds);
      const render = r?.render ? await runChild<MicroRenderResult>(r.render, { iterations }, env) : null;
      const payload = r?.payload
        ? await runChild<MicroPayloadResult>(r.payload, { iterations: iterations * 4 }, env)
        : null;
      runs[name] = pooled(runs[name], { render: render?.result ?? null, payload: payload?.result ?? null });
    }
  }
  return runs;
}

function coldFiguresOf(cold: Record<string, ColdSlot>): Record<string, ColdFigures> {
  const coldFigures: Record<string, ColdFigures> = {};
  for (const [name, slot] of Object.entries(cold)) {
    coldFigures[name] = {
      wallMs: summarize(slot.wall),
      ...(slot.results.length > 0
        ? {
            loadMs: summarize(slot.results.map((r) => r.loadMs)),
            firstInvokeMs: summarize(slot.results.map((r) => r.firstInvokeMs)),
            bootMs: summarize(slot.results.map((r) => r.bootMs)),
            peakRssMb: summarize(slot.results.map((r) => r.maxRssBytes / 1_048_576)),
            cpuMs: summarize(slot.results.map((r) => r.cpuMs)),
          }
        : {}),
    };
  }
  return coldFigures;
}

function bundleFiguresOf(
  built: Map<string, BuiltContestant>,
  loaded: Record<string, string[]>,
): ReportInput['bundle'] {
  return Object.fromEntries(
    [...built.values()].map((b) => {
      const name = b.name;
      const files = b.files;
      const loadedFiles = files.filter((f) => loaded[name]?.includes(f.path));
      return [
        name,
        {
          raw: files.reduce((a, f) => a + f.raw, 0),
          gzip: files.reduce((a, f) => a + f.gzip, 0),
          loadedRaw: loadedFiles.reduce((a, f) => a + f.raw, 0),
          loadedGzip: loadedFiles.reduce((a, f) => a + f.gzip, 0),
          files: files.map((f) => ({ ...f, loaded: loaded[name]?.includes(f.path) ?? false })),
        },
      ];
    }),
  );
}

/** One target memory run (as Lambda starts it, sampled after a full GC) in the report's `memory` shape. */
function targetMemoryOf(
  run: { result: WarmResult | null } | undefined,
  iterations: number,
  runtime: ReturnType<typeof childRuntime>,
): ReportInput['memory'] {
  const memory = run?.result ? warmFiguresOf([run.result]) : null;
  return memory
    ? {
        label: `as Lambda starts it (${describeRuntime(runtime)}), each sample after a full GC`,
        iterations,
        ...memory.memory,
        latency: memory.all,
        errors: memory.errors,
      }
    : null;
}

/** The report's `memory` (ours' target run) and `memoryInfo` (the informational runs). */
function memoryFiguresOf(
  runs: Awaited<ReturnType<typeof memoryRuns>>,
  iterations: number,
  runtime: ReturnType<typeof childRuntime>,
): Pick<ReportInput, 'memory' | 'memoryInfo'> {
  const memoryInfoRuns = [
    { run: runs.raw, short: 'no-forced-gc', label: 'as Lambda starts it, no forced GC' },
    {
      run: runs.defaults,
      short: 'node-defaults',
      label: `Node ${runtime.version} defaults (no bootstrap heap flags), no forced GC`,
    },
  ];
  return {
    memory: targetMemoryOf(runs.targets.ours, iterations, runtime),
    memoryInfo: memoryInfoRuns.flatMap(({ run, short, label }) => {
      if (!run.result) return [];
      const figures = warmFiguresOf([run.result]);
      return [{ short, label, iterations, ...figures.memory, latency: figures.all, errors: figures.errors }];
    }),
  };
}

function microOf(run: MicroRun | undefined): MicroFigures {
  const render = run?.render;
  const payload = run?.payload;
  return {
    render: Object.fromEntries(
      Object.entries(render?.templates ?? {}).map(([id, t]) => [
        id,
        { ms: summarize(t.samples), htmlBytes: t.htmlBytes, textBytes: t.textBytes },
      ]),
    ),
    renderErrors: render?.errors ?? [],
    payload: payload ? { ms: summarize(payload.samples), bodyBytes: payload.bodyBytes } : null,
  };
}

function microFiguresOf(
  runs: Record<string, MicroRun>,
  warmFigures: Record<string, WarmFigures>,
): ReportInput['micro'] {
  return { decryptOnly: warmFigures.floor?.codeTriggers ?? null, ...microOf(runs.ours) };
}

/** What the report keeps for each `--variant` build besides its keyed rows: its memory run and micro figures. */
function variantFiguresOf(
  bench: Bench,
  memory: Awaited<ReturnType<typeof memoryRuns>>,
  micro: Record<string, MicroRun>,
  runtime: ReturnType<typeof childRuntime>,
): ReportInput['variants'] {
  return Object.fromEntries(
    bench.variants.map((label) => [
      label,
      {
        memory: targetMemoryOf(memory.targets[label], bench.p.memoryIterations, runtime),
        micro: microOf(micro[label]),
      },
    ]),
  );
}

/** Every loopback measurement, in order: loaded files, cold starts, profiles, bytes, warm, memory, micro. */
async function measure(bench: Bench) {
  const loaded = await probeLoaded(bench);
  const cold = await coldStarts(bench);
  const profiles = await coldProfiles(bench);
  const composition = await compositionOf(bench.built, loaded);
  const warm = await warmRounds(bench);
  warnOnMissedSends(bench.delivery);
  const memory = await memoryRuns(bench);
  const micro = await microRuns(bench);
  return { loaded, cold, profiles, composition, warm, memory, micro };
}

/** The figures of `measure` as the report's input. */
async function reportInput(
  bench: Bench,
  settings: BundleSettings,
  m: Awaited<ReturnType<typeof measure>>,
  startedAt: number,
): Promise<ReportInput> {
  const { p, world } = bench;
  const runtime = childRuntime();
  const warmFigures: Record<string, WarmFigures> = {};
  for (const name of bench.names) warmFigures[name] = warmFiguresOf(m.warm[name] as WarmResult[]);
  return {
    meta: {
      date: new Date(startedAt).toISOString(),
      mode: p.mode,
      durationS: 0,
      machine: machineInfo(),
      versions: await versions(),
      runtime: { ...runtime, description: describeRuntime(runtime) },
      bundleSettings: { source: settings.source, options: JSON.parse(JSON.stringify(settings.options)) },
      plan: p,
      events: {
        perTrigger: p.eventsPerTrigger,
        total: bench.events.length,
        coldTrigger: bench.coldEvent.trigger,
      },
      requests: { kmsStandIn: world.kms.url, sendgridStandIn: world.sendgrid.url },
    },
    bundle: bundleFiguresOf(bench.built, m.loaded),
    cold: coldFiguresOf(m.cold),
    warm: warmFigures,
    delivery: bench.delivery,
    ...memoryFiguresOf(m.memory, p.memoryIterations, runtime),
    micro: microFiguresOf(m.micro, warmFigures),
    variants: variantFiguresOf(bench, m.memory, m.micro, runtime),
    analysis: { composition: m.composition, profiles: p.profile ? m.profiles : null },
  };
}

async function main(): Promise<void> {
  const p = plan(process.argv.slice(2));
  if (p.networkOnly) return networkOnly(p);
  const startedAt = Date.now();
  await mkdir(OUT_DIR, { recursive: true });

  log('bundling baselines with the dispatcher settings');
  const settings = dispatcherBundleSettings();
  const variants = loopbackVariants(p);
  const built = await buildContestants(settings, p.oursDir, variants);
  const runners = await buildRunners(settings, variants);

  log('starting stand-ins and making events (real 0x0378 ciphertexts)');
  const world = await startWorld();
  try {
    const events = await makeEvents(world, p.eventsPerTrigger);
    const bench: Bench = {
      p,
      names: [...CONTESTANTS, ...variants.map((v) => v.label)],
      variants: variants.map((v) => v.label),
      built,
      runners,
      world,
      env: world.env,
      events,
      codeEvents: events.filter((e) => e.trigger !== 'AccountTakeOverNotification'),
      coldEvent: events.find((e) => e.trigger === 'ForgotPassword') as LabelledEvent,
      delivery: {},
    };
    const measured = await measure(bench);
    const network = await runNetworkSection(
      world,
      { ours: entry(bench, 'ours'), naive: entry(bench, 'naive') },
      p.mode,
      log,
      p.variants,
    );
    const report: Report = evaluate(await reportInput(bench, settings, measured, startedAt));
    report.meta.durationS = Math.round((Date.now() - startedAt) / 1000);

    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify({ ...report, network }, null, 2)}\n`);
    process.stdout.write(toMarkdown(report));
    process.stdout.write(`\n${networkMarkdown(network)}`);
    log(`wrote bench/results/latest.json in ${report.meta.durationS} s`);
  } finally {
    await world.close();
  }
}

function warmFiguresOf(results: WarmResult[]): WarmFigures {
  const perTrigger: Record<string, number[]> = {};
  const errors: string[] = [];
  let seqCount = 0;
  let seqWall = 0;
  let seqCpu = 0;
  let burstCount = 0;
  let burstWall = 0;
  let burstCpu = 0;
  for (const r of results) {
    for (const [trigger, samples] of Object.entries(r.latencies)) {
      perTrigger[trigger] = [...(perTrigger[trigger] ?? []), ...samples];
    }
    errors.push(...r.errors);
    seqCount += r.sequential.count;
    seqWall += r.sequential.wallMs;
    seqCpu += r.sequential.cpuMs;
    if (r.burst) {
      burstCount += r.burst.count;
      burstWall += r.burst.wallMs;
      burstCpu += r.burst.cpuMs;
    }
  }
  const all = Object.values(perTrigger).flat();
  const cpu = results.flatMap((r) => r.cpuPerInvocation);
  const code = Object.entries(perTrigger)
    .filter(([t]) => t !== 'AccountTakeOverNotification')
    .flatMap(([, s]) => s);
  const first = results[0];
  return {
    perTrigger: Object.fromEntries(Object.entries(perTrigger).map(([t, s]) => [t, summarize(s)])),
    all: summarize(all),
    codeTriggers: summarize(code),
    cpuPerInvocation: summarize(cpu),
    throughput: {
      sequentialPerS: seqWall > 0 ? (seqCount / seqWall) * 1000 : 0,
      perCpuSecond: seqCpu > 0 ? (seqCount / seqCpu) * 1000 : 0,
      burstPerS: burstWall > 0 ? (burstCount / burstWall) * 1000 : null,
      burstPerCpuSecond: burstCpu > 0 ? (burstCount / burstCpu) * 1000 : null,
    },
    memory: first
      ? {
          rssMb: Object.fromEntries(Object.entries(first.rss).map(([k, v]) => [k, v / 1_048_576])),
          heapUsedMb: Object.fromEntries(Object.entries(first.heapUsed).map(([k, v]) => [k, v / 1_048_576])),
          peakRssMb: Object.fromEntries(Object.entries(first.peakRss).map(([k, v]) => [k, v / 1_048_576])),
          heapTotalMb: Object.fromEntries(
            Object.entries(first.heapTotal).map(([k, v]) => [k, v / 1_048_576]),
          ),
          externalMb: Object.fromEntries(Object.entries(first.external).map(([k, v]) => [k, v / 1_048_576])),
          processPeakRssMb: Math.max(...results.map((r) => r.maxRssBytes)) / 1_048_576,
        }
      : null,
    errors,
  };
}

main().catch((error: unknown) => {
  const e = error as { code?: string; message?: string };
  process.stderr.write(`bench failed${e.code ? ` (${e.code})` : ''}: ${e.message ?? String(error)}\n`);
  process.exit(1);
});
