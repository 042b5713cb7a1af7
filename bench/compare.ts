/**
 * `pnpm --filter @mailroom/bench compare name=<dist dir> name2=<dist dir> …`: A/B of several builds of the
 * dispatcher (or any handler bundle) — interleaved cold starts and warm rounds against the same stand-ins
 * and events as `pnpm bench`, printing wall and CPU figures side by side. For proving a fix in a scratch
 * copy before it lands; `pnpm bench` stays the one report of record.
 *
 * Every child starts as Lambda starts the function (src/lambda-runtime.ts). `name=<dist dir>::<NODE_OPTIONS>`
 * runs that build with a `NODE_OPTIONS` of its own (flag experiments, e.g. `b=dist::--enable-source-maps`).
 *
 * Env knobs: COLD (cold runs per build, default 12), ROUNDS (warm rounds, 2), ITERS (warm invocations per
 * round, 120), WARM_EVENTS (`all`, the default: every trigger, as `pnpm bench` warms; `code` leaves
 * AccountTakeOverNotification out of the mix), BURST (invocations of one concurrent burst per warm child
 * after its sequential part, 0 = none) at BURST_CONCURRENCY (16, as `pnpm bench`). The warm p50 is over the
 * code triggers only, as the report's "warm p50 (code triggers)" (AccountTakeOverNotification decrypts
 * nothing); CPU per invocation is over every invocation, as the report's.
 *
 * `IR=<rounds>` counts instructions instead of timing (src/instructions.ts, needs valgrind): per build and
 * round, one cold start (one ForgotPassword event) and the instructions per warm invocation — the difference
 * between a warm child of 220 and one of 20 invocations after the same 30 warm-ups, over the WARM_EVENTS mix,
 * divided by 200. For A/Bs whose difference is below wall and CPU time's noise.
 */
import { cp, mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildRunner, RUNNER_OPTIONS } from './src/bundle.js';
import type { ColdResult, WarmResult } from './src/child/protocol.js';
import { makeEvents, startWorld } from './src/env.js';
import { BenchError } from './src/errors.js';
import { instructionsOf, requireValgrind } from './src/instructions.js';
import { OUT_DIR } from './src/paths.js';
import { runChild } from './src/spawn.js';
import { summarize } from './src/stats.js';

interface BuildSpec {
  name: string;
  dir: string;
  nodeOptions: string | undefined;
}

interface BuildFigures {
  wall: number[];
  cpu: number[];
  load: number[];
  warm: number[];
  warmCpu: number[];
  /** Invocations per second of each burst. */
  burst: number[];
}

/** The warm knobs, read once. */
interface WarmPlan {
  events: unknown[];
  iterations: number;
  burst: { concurrency: number; total: number };
}

/** A non-negative integer knob from the environment, or a BAD_FLAG naming it. */
function countKnob(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new BenchError('BAD_FLAG', `${name} must be a whole number ≥ 0, got "${raw}"`);
  }
  return value;
}

/** WARM_EVENTS: `all` (default) or `code`. */
function warmEvents<E extends { trigger: string }>(events: E[]): E[] {
  const mix = process.env.WARM_EVENTS ?? 'all';
  if (mix === 'all') return events;
  if (mix === 'code') return events.filter((e) => e.trigger !== 'AccountTakeOverNotification');
  throw new BenchError('BAD_FLAG', `WARM_EVENTS must be "all" or "code", got "${mix}"`);
}

type World = Awaited<ReturnType<typeof startWorld>>;
type Runner = Awaited<ReturnType<typeof buildRunner>>;

/** `name=<dist dir>[::<NODE_OPTIONS>]` arguments, in order. */
function parseSpecs(args: string[]): BuildSpec[] {
  const specs = args.map((arg) => {
    const at = arg.indexOf('=');
    if (at <= 0) throw new BenchError('BAD_FLAG', `expected name=<dist dir>[::<NODE_OPTIONS>], got "${arg}"`);
    const [dir = '', nodeOptions] = arg.slice(at + 1).split('::');
    return { name: arg.slice(0, at), dir: resolve(dir), nodeOptions };
  });
  if (specs.length === 0) throw new BenchError('BAD_FLAG', 'usage: compare.ts a=<dist dir> b=<dist dir> …');
  return specs;
}

/** Copies every build under bench/dist/compare/<name>; returns each build's entry (its index.js). */
async function copyBuilds(specs: BuildSpec[]): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  for (const { name, dir } of specs) {
    // Copied under bench/ so anything a build leaves external resolves the same way for every build.
    const dest = join(OUT_DIR, 'compare', name);
    await rm(dest, { recursive: true, force: true });
    await mkdir(dest, { recursive: true });
    await cp(dir, dest, { recursive: true });
    try {
      await stat(join(dest, 'index.js'));
    } catch {
      throw new BenchError('OURS_NOT_BUILT', `${dir} has no index.js`);
    }
    entries.set(name, join(dest, 'index.js'));
  }
  return entries;
}

/** The builds in the order of one round: rotated by one per round, so no build always goes first. */
function rotated(names: string[], round: number): string[] {
  return [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
}

async function main(): Promise<void> {
  const specs = parseSpecs(process.argv.slice(2));
  const cold = countKnob('COLD', 12);
  const rounds = countKnob('ROUNDS', 2);
  const iterations = countKnob('ITERS', 120);
  const burst = { concurrency: countKnob('BURST_CONCURRENCY', 16), total: countKnob('BURST', 0) };

  const irRounds = countKnob('IR', 0);
  if (irRounds > 0) requireValgrind();
  const coldRunner = await buildRunner('cold', RUNNER_OPTIONS);
  const warmRunner = await buildRunner('warm', RUNNER_OPTIONS);
  const entries = await copyBuilds(specs);

  const world = await startWorld();
  const envs = new Map<string, Record<string, string>>();
  for (const { name, nodeOptions } of specs) {
    envs.set(name, nodeOptions ? { ...world.env, NODE_OPTIONS: nodeOptions } : world.env);
  }
  try {
    const events = await makeEvents(world, 2);
    if (irRounds > 0) {
      await instructionRounds(entries, { cold: coldRunner, warm: warmRunner }, irRounds, {
        env: world.env,
        coldEvent: events.find((e) => e.trigger === 'ForgotPassword'),
        warmEvents: warmEvents(events),
      });
      return;
    }
    const figures = new Map<string, BuildFigures>();
    for (const name of entries.keys())
      figures.set(name, { wall: [], cpu: [], load: [], warm: [], warmCpu: [], burst: [] });
    const builds = { entries, envs, figures, world };
    await coldRounds(
      builds,
      coldRunner,
      cold,
      events.find((e) => e.trigger === 'ForgotPassword'),
    );
    await warmRounds(builds, warmRunner, rounds, { events: warmEvents(events), iterations, burst });
    printTable(figures);
  } finally {
    await world.close();
  }
}

interface Builds {
  entries: Map<string, string>;
  envs: Map<string, Record<string, string>>;
  figures: Map<string, BuildFigures>;
  world: World;
}

/** `rounds` of instruction counts per build (IR=): a cold start, and per warm invocation; prints the table. */
async function instructionRounds(
  entries: Map<string, string>,
  runners: { cold: Runner; warm: Runner },
  rounds: number,
  { env, coldEvent, warmEvents }: { env: Record<string, string>; coldEvent: unknown; warmEvents: unknown[] },
): Promise<void> {
  const names = [...entries.keys()];
  const counts = new Map(names.map((name) => [name, { cold: [] as number[], warm: [] as number[] }]));
  const warmJob = (bundle: string | undefined, iterations: number) => ({
    bundle,
    events: warmEvents,
    warmup: 30,
    iterations,
    rssAt: [],
    burst: { concurrency: 0, total: 0 },
  });
  for (let round = 0; round < rounds; round += 1) {
    for (const name of rotated(names, round)) {
      const bundle = entries.get(name);
      const c = counts.get(name);
      c?.cold.push(await instructionsOf(runners.cold, { bundle, event: coldEvent }, env));
      const few = await instructionsOf(runners.warm, warmJob(bundle, 20), env);
      const many = await instructionsOf(runners.warm, warmJob(bundle, 220), env);
      c?.warm.push((many - few) / 200);
    }
  }
  process.stdout.write(
    '| build | instructions per cold start, M (min–max) | per warm invocation, M (min–max) |\n| --- | ---: | ---: |\n',
  );
  const m = (values: number[]) => (values.length > 0 ? (summarize(values).median / 1e6).toFixed(2) : '–');
  const range = (values: number[]) =>
    `${(Math.min(...values) / 1e6).toFixed(2)}–${(Math.max(...values) / 1e6).toFixed(2)}`;
  for (const [name, c] of counts) {
    process.stdout.write(`| ${name} | ${m(c.cold)} (${range(c.cold)}) | ${m(c.warm)} (${range(c.warm)}) |\n`);
  }
}

/** `count` rounds of one cold start per build (interleaved), on `event`. */
async function coldRounds(builds: Builds, runner: Runner, count: number, event: unknown): Promise<void> {
  const { entries, envs, figures, world } = builds;
  const names = [...entries.keys()];
  for (let round = 0; round < count; round += 1) {
    for (const name of rotated(names, round)) {
      const f = figures.get(name);
      const run = await runChild<ColdResult>(
        runner,
        { bundle: entries.get(name), event },
        envs.get(name) ?? world.env,
      );
      f?.wall.push(run.wallMs);
      if (run.result) {
        f?.cpu.push(run.result.cpuMs);
        f?.load.push(run.result.loadMs);
      }
      world.sendgrid.accepted.length = 0;
    }
  }
}

/** `count` rounds of one warm child per build (interleaved), each `iterations` invocations over `events`. */
async function warmRounds(
  builds: Builds,
  runner: Runner,
  count: number,
  { events, iterations, burst }: WarmPlan,
): Promise<void> {
  const { entries, envs, figures, world } = builds;
  const names = [...entries.keys()];
  for (let round = 0; round < count; round += 1) {
    for (const name of rotated(names, round)) {
      const f = figures.get(name);
      const { result } = await runChild<WarmResult>(
        runner,
        {
          bundle: entries.get(name),
          events,
          warmup: 30,
          iterations,
          rssAt: [],
          burst,
        },
        envs.get(name) ?? world.env,
      );
      const codeLatencies = Object.entries(result?.latencies ?? {})
        .filter(([trigger]) => trigger !== 'AccountTakeOverNotification')
        .flatMap(([, samples]) => samples);
      f?.warm.push(...codeLatencies);
      f?.warmCpu.push(...(result?.cpuPerInvocation ?? []));
      if (result?.burst) f?.burst.push((result.burst.count / result.burst.wallMs) * 1000);
      if (result?.errors.length) process.stderr.write(`${name}: ${result.errors.join('; ')}\n`);
      world.sendgrid.accepted.length = 0;
    }
  }
}

/** The side-by-side markdown table (stdout). */
function printTable(figures: Map<string, BuildFigures>): void {
  process.stdout.write(
    '| build | cold wall median (p25–p75) | cold CPU ms | import ms | warm p50, code triggers (p99) | warm CPU ms/inv | burst inv/s median |\n' +
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n',
  );
  for (const [name, f] of figures) {
    const w = summarize(f.wall);
    const warm = summarize(f.warm);
    process.stdout.write(
      `| ${name} | ${w.median.toFixed(0)} (${w.p25.toFixed(0)}–${w.p75.toFixed(0)}) | ` +
        `${summarize(f.cpu).median.toFixed(0)} | ${summarize(f.load).median.toFixed(0)} | ` +
        `${warm.median.toFixed(2)} (${warm.p99.toFixed(1)}) | ${summarize(f.warmCpu).median.toFixed(2)} | ` +
        `${f.burst.length > 0 ? summarize(f.burst).median.toFixed(0) : '–'} |\n`,
    );
  }
}

main().catch((error: unknown) => {
  const e = error as { code?: string; message?: string };
  process.stderr.write(`compare failed${e.code ? ` (${e.code})` : ''}: ${e.message ?? String(error)}\n`);
  process.exit(1);
});
