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
 * round, 120).
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

async function main(): Promise<void> {
  const specs = process.argv.slice(2).map((arg) => {
    const at = arg.indexOf('=');
    if (at <= 0) throw new BenchError('BAD_FLAG', `expected name=<dist dir>[::<NODE_OPTIONS>], got "${arg}"`);
    const [dir = '', nodeOptions] = arg.slice(at + 1).split('::');
    return { name: arg.slice(0, at), dir: resolve(dir), nodeOptions };
  });
  if (specs.length === 0) throw new BenchError('BAD_FLAG', 'usage: compare.ts a=<dist dir> b=<dist dir> …');
  const cold = Number(process.env.COLD ?? 12);
  const rounds = Number(process.env.ROUNDS ?? 2);
  const iterations = Number(process.env.ITERS ?? 120);

  const coldRunner = await buildRunner('cold', RUNNER_OPTIONS);
  const warmRunner = await buildRunner('warm', RUNNER_OPTIONS);
  const entries = new Map<string, string>();
  const envs = new Map<string, Record<string, string>>();
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

  const world = await startWorld();
  for (const { name, nodeOptions } of specs) {
    envs.set(name, nodeOptions ? { ...world.env, NODE_OPTIONS: nodeOptions } : world.env);
  }
  try {
    const events = await makeEvents(world, 2);
    const codeEvents = events.filter((e) => e.trigger !== 'AccountTakeOverNotification');
    const coldEvent = events.find((e) => e.trigger === 'ForgotPassword');
    const figures = new Map<
      string,
      { wall: number[]; cpu: number[]; load: number[]; warm: number[]; warmCpu: number[] }
    >();
    for (const name of entries.keys())
      figures.set(name, { wall: [], cpu: [], load: [], warm: [], warmCpu: [] });
    const names = [...entries.keys()];
    for (let round = 0; round < cold; round += 1) {
      for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
        const f = figures.get(name);
        const run = await runChild<ColdResult>(
          coldRunner,
          { bundle: entries.get(name), event: coldEvent },
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
    for (let round = 0; round < rounds; round += 1) {
      for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
        const f = figures.get(name);
        const { result } = await runChild<WarmResult>(
          warmRunner,
          {
            bundle: entries.get(name),
            events: codeEvents,
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
  } finally {
    await world.close();
  }
}

main().catch((error: unknown) => {
  const e = error as { code?: string; message?: string };
  process.stderr.write(`compare failed${e.code ? ` (${e.code})` : ''}: ${e.message ?? String(error)}\n`);
  process.exit(1);
});
