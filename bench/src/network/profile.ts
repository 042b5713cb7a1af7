/**
 * `--network --profile` (exploration): after the measured sandboxes, one more sandbox per contestant with
 * the inspector's CPU profiler on (child/network.ts `profileDir`): the cold phase (import → first acceptance)
 * and the recorded warm invocations, attributed to packages through every loaded file's source map. The
 * profiler slows what it watches, so these runs never enter the figures; they say where CPU goes, and how
 * much of a warm invocation is waiting (`(idle)`); CPU figures leave out `(idle)` and the profiler's own
 * `node:inspector` frames.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabelledEvent, NetworkResult } from '../child/protocol.js';
import { PROFILES_DIR } from '../paths.js';
import { attributeByFile } from '../profile.js';
import { runChild } from '../spawn.js';
import type { NetworkEntrant } from './run.js';
import type { NetworkWorld } from './world.js';

/** One contestant's profile: self ms per package, cold per sandbox and warm per invocation. */
export interface NetworkProfile {
  cold: { name: string; ms: number }[];
  warm: { name: string; ms: number }[];
  /** CPU ms (everything but `(idle)`): cold phase, and per warm invocation. */
  coldCpuMs: number;
  warmCpuMsPerInvocation: number;
}

function rows(m: Map<string, number>, per: number): { name: string; ms: number }[] {
  return [...m.entries()]
    .map(([name, ms]) => ({ name, ms: Math.round((ms / per) * 100) / 100 }))
    .sort((a, b) => b.ms - a.ms);
}

/** Not the program's CPU: waiting, and the profiler's own work. */
const NOT_CPU = new Set(['(idle)', 'node:inspector']);

const cpuOf = (r: { name: string; ms: number }[]): number =>
  Math.round(r.filter((x) => !NOT_CPU.has(x.name)).reduce((a, x) => a + x.ms, 0) * 100) / 100;

/**
 * One profiled sandbox per entrant.
 * @example const profiles = await profileNetworkSandboxes(net, runner, entrants, plan, freshEvents);
 */
export async function profileNetworkSandboxes(
  net: NetworkWorld,
  runner: string,
  entrants: readonly NetworkEntrant[],
  plan: { warmup: number; iterations: number },
  freshEvents: () => Promise<LabelledEvent[]>,
): Promise<Record<string, NetworkProfile>> {
  const out: Record<string, NetworkProfile> = {};
  for (const entrant of entrants) {
    const dir = join(PROFILES_DIR, `network-${entrant.name.replace(/[^a-z0-9]+/gi, '-')}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const { result } = await runChild<NetworkResult>(
      runner,
      { bundle: entrant.bundle, events: await freshEvents(), ...plan, profileDir: dir },
      net.envFor(entrant.kind),
    );
    const warmCount = Math.max(1, result?.warmMs.length ?? 0);
    const cold = rows(await attributeByFile(join(dir, 'cold.cpuprofile')), 1);
    const warm = rows(await attributeByFile(join(dir, 'warm.cpuprofile')), warmCount);
    out[entrant.name] = { cold, warm, coldCpuMs: cpuOf(cold), warmCpuMsPerInvocation: cpuOf(warm) };
  }
  return out;
}
