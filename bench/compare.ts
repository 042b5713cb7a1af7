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
 * round, 120), WARM_EVENTS (`code` leaves AccountTakeOverNotification out of the warm mix; default: every
 * trigger, as `pnpm bench`).
 */
import { cp, mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildRunner, RUNNER_OPTIONS } from './src/bundle.js';
import type { ColdResult, WarmResult } from './src/child/protocol.js';
import { makeEvents, startWorld } from './src/env.js';
import { BenchError } from './src/errors.js';
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
  const cold = Number(process.env.COLD ?? 12);
  const rounds = Number(process.env.ROUNDS ?? 2);
  const iterations = Number(process.env.ITERS ?? 120);

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
    const figures = new Map<string, BuildFigures>();
    for (const name of entries.keys())
      figures.set(name, { wall: [], cpu: [], load: [], warm: [], warmCpu: [] });
    const builds = { entries, envs, figures, world };
    await coldRounds(
      builds,
      coldRunner,
      cold,
      events.find((e) => e.trigger === 'ForgotPassword'),
    );
    // WARM_EVENTS=code leaves out AccountTakeOverNotification (no decrypt), for a code-path-only figure.
    const warmEvents =
      process.env.WARM_EVENTS === 'code'
        ? events.filter((e) => e.trigger !== 'AccountTakeOverNotification')
        : events;
    await warmRounds(builds, warmRunner, rounds, { events: warmEvents, iterations });
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
  { events, iterations }: { events: unknown[]; iterations: number },
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
          burst: { concurrency: 0, total: 0 },
        },
        envs.get(name) ?? world.env,
      );
      f?.warm.push(...Object.values(result?.latencies ?? {}).flat());
      f?.warmCpu.push(...(result?.cpuPerInvocation ?? []));
      if (result?.errors.length) process.stderr.write(`${name}: ${result.errors.join('; ')}\n`);
      world.sendgrid.accepted.length = 0;
    }
  }
}

/** The side-by-side markdown table (stdout). */
function printTable(figures: Map<string, BuildFigures>): void {
  process.stdout.write(
    '| build | cold wall median (p25–p75) | cold CPU ms | import ms | warm p50 (p99) | warm CPU ms/inv |\n' +
      '| --- | ---: | ---: | ---: | ---: | ---: |\n',
  );
  for (const [name, f] of figures) {
    const w = summarize(f.wall);
    const warm = summarize(f.warm);
    process.stdout.write(
      `| ${name} | ${w.median.toFixed(0)} (${w.p25.toFixed(0)}–${w.p75.toFixed(0)}) | ` +
        `${summarize(f.cpu).median.toFixed(0)} | ${summarize(f.load).median.toFixed(0)} | ` +
        `${warm.median.toFixed(2)} (${warm.p99.toFixed(1)}) | ${summarize(f.warmCpu).median.toFixed(2)} |\n`,
    );
  }
}

main().catch((error: unknown) => {
  const e = error as { code?: string; message?: string };
  process.stderr.write(`compare failed${e.code ? ` (${e.code})` : ''}: ${e.message ?? String(error)}\n`);
  process.exit(1);
});
