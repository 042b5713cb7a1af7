/**
 * Instructions a child executes, counted by valgrind's cachegrind (`--cache-sim=no`): a figure that does not
 * move with the machine's load, for A/Bs whose difference is smaller than wall and CPU time's noise
 * (`compare.ts` with `IR=`). The child starts as Lambda starts the function (lambda-runtime.ts) plus
 * `--single-threaded`, so V8 compiles and collects on the main thread and the count is the same run to run
 * (±0.1 % here). Under valgrind a process runs ≈ 30 × slower, so counts say *how much work*, not how long;
 * valgrind is a machine tool, not a dependency: without it this stops with `NO_VALGRIND`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BenchError } from './errors.js';
import { childRuntime } from './lambda-runtime.js';
import { BENCH_DIR, OUT_DIR } from './paths.js';

let seq = 0;

/** Stops with a clear error when valgrind is not installed. */
export function requireValgrind(): void {
  const probe = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new BenchError('NO_VALGRIND', 'IR= needs valgrind on PATH (Debian: apt-get install valgrind)');
  }
}

/**
 * Runs `runner job` under cachegrind and returns the instructions it executed (all threads).
 * @example const ir = await instructionsOf(coldRunner, { bundle, event }, world.env);
 */
export async function instructionsOf(
  runner: string,
  job: Record<string, unknown>,
  env: Record<string, string>,
): Promise<number> {
  seq += 1;
  const out = join(OUT_DIR, `ir-${process.pid}-${seq}.json`);
  const report = join(OUT_DIR, `cachegrind-${process.pid}-${seq}.out`);
  const runtime = childRuntime();
  const args = [
    '--tool=cachegrind',
    '--cache-sim=no',
    `--cachegrind-out-file=${report}`,
    runtime.node,
    ...runtime.args,
    '--single-threaded',
    runner,
    JSON.stringify({ ...job, out }),
  ];
  try {
    const stderr = await run(args, env);
    const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1];
    if (refs === undefined)
      throw new BenchError('CHILD_FAILED', `cachegrind printed no "I refs":\n${stderr}`);
    return Number(refs.replaceAll(',', ''));
  } finally {
    await rm(out, { force: true });
    await rm(report, { force: true });
  }
}

/** Runs valgrind; resolves with its stderr (where cachegrind's summary goes) or fails with its tail. */
function run(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', args, { cwd: BENCH_DIR, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      const stderr = Buffer.concat(chunks).toString('utf8');
      if (code === 0) resolve(stderr);
      else reject(new BenchError('CHILD_FAILED', `valgrind exited with ${code}:\n${stderr.slice(-2_000)}`));
    });
  });
}
