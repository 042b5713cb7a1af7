import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BenchError } from './errors.js';
import { childRuntime } from './lambda-runtime.js';
import { BENCH_DIR, OUT_DIR } from './paths.js';

export interface ChildRun<T> {
  /** Wall time from spawn to exit, ms (what "cold start" means here). */
  wallMs: number;
  result: T | null;
}

let seq = 0;

/**
 * Runs `node22 [bootstrap flags] [nodeArgs] runner job` in a fresh process the way Lambda's nodejs22.x
 * runtime starts the function (lambda-runtime.ts: pinned Node 22 binary, the bootstrap's heap flags on the
 * command line, the function's NODE_OPTIONS), cwd bench/ so externals resolve from bench/node_modules; times
 * it from spawn to exit and reads the JSON result the runner wrote. `bootstrapFlags: false` leaves out the
 * bootstrap's flags and NODE_OPTIONS (node's defaults, for information).
 * @example const { wallMs, result } = await runChild<ColdResult>(runner, job, env);
 */
export async function runChild<T>(
  runner: string | null,
  job: Record<string, unknown> | null,
  env: Record<string, string>,
  nodeArgs: string[] = [],
  timeoutMs = 120_000,
  { bootstrapFlags = true }: { bootstrapFlags?: boolean } = {},
): Promise<ChildRun<T>> {
  seq += 1;
  const out = join(OUT_DIR, `result-${process.pid}-${seq}.json`);
  const runtime = childRuntime();
  const flags = bootstrapFlags ? [...runtime.args, ...nodeArgs] : [...nodeArgs];
  const args = runner === null ? flags : [...flags, runner, JSON.stringify({ ...job, out })];
  const childEnv =
    bootstrapFlags && runtime.nodeOptions !== undefined ? { ...env, NODE_OPTIONS: runtime.nodeOptions } : env;
  const stderr: Buffer[] = [];
  const start = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    // BENCH_STDERR=1 shows the children's stderr live (debugging a contestant that fails).
    const stdio = process.env.BENCH_STDERR === '1' ? 'inherit' : 'pipe';
    const child = spawn(runtime.node, args, {
      cwd: BENCH_DIR,
      env: childEnv,
      stdio: ['ignore', 'ignore', stdio],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      if (stderr.length > 64) stderr.shift();
    });
    child.once('error', reject);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  const wallMs = performance.now() - start;
  if (code !== 0) {
    const tail = Buffer.concat(stderr).toString('utf8').slice(-2_000);
    throw new BenchError(
      'CHILD_FAILED',
      `${runtime.node} ${args.slice(0, -1).join(' ')} exited with ${code}:\n${tail}`,
    );
  }
  if (runner === null) return { wallMs, result: null };
  const result = JSON.parse(await readFile(out, 'utf8')) as T;
  await rm(out, { force: true });
  return { wallMs, result };
}
