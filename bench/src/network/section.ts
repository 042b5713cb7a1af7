/**
 * The network-model section of `pnpm bench` (issue 18), end to end: start the TLS fronts, run the
 * interleaved sandboxes, evaluate. `run.ts` calls it after the loopback sections, or alone with `--network`.
 */
import { buildRunner, RUNNER_OPTIONS } from '../bundle.js';
import type { LabelledEvent } from '../child/protocol.js';
import { makeEvents, type World } from '../env.js';
import { networkModel } from './model.js';
import { evaluateNetwork, type NetworkReport } from './report.js';
import { type NetworkPlan, runNetworkSandboxes } from './run.js';
import { type NetworkContestant, startNetworkWorld } from './world.js';

/** Full: 6 sandboxes per contestant × (1 cold + 3 + 8 warm); quick: a smoke run. */
export function networkPlan(mode: 'full' | 'quick'): NetworkPlan {
  return mode === 'full' ? { rounds: 6, warmup: 3, iterations: 8 } : { rounds: 1, warmup: 1, iterations: 3 };
}

/**
 * Events for one round: fresh ciphertexts of the code-carrying triggers, ForgotPassword first (the cold
 * invocation's, as in the loopback cold starts). Takeover events carry no code, so no KMS call: they are left
 * out, since the floor is defined for the code path.
 */
async function roundEvents(world: World, needed: number): Promise<LabelledEvent[]> {
  const perTrigger = Math.ceil(needed / 7);
  const made = (await makeEvents(world, perTrigger)).filter(
    (e) => e.trigger !== 'AccountTakeOverNotification',
  );
  const first = made.findIndex((e) => e.trigger === 'ForgotPassword');
  return [...made.slice(first), ...made.slice(0, first)];
}

/**
 * Runs the section against the bench's world (its KMS and SendGrid stand-ins).
 * @example const report = await runNetworkSection(world, { ours: oursEntry, naive: naiveEntry }, 'full', log);
 */
export async function runNetworkSection(
  world: World,
  entries: { ours: string; naive: string },
  mode: 'full' | 'quick',
  log: (message: string) => void,
): Promise<NetworkReport> {
  const model = networkModel(process.env);
  const plan = networkPlan(mode);
  const started = Date.now();
  const runner = await buildRunner('network', RUNNER_OPTIONS);
  const bundles: Record<NetworkContestant, string> = {
    ours: entries.ours,
    'ours + idempotency': entries.ours,
    naive: entries.naive,
  };
  const net = await startNetworkWorld(world, model);
  try {
    log(
      `network model: ${plan.rounds} rounds × (ours, ours + idempotency, naive), TLS fronts with latency` +
        (model.source === 'pinned' ? '' : ` (exploration: ${model.overrides.join(' ')})`),
    );
    const needed = 1 + plan.warmup + plan.iterations;
    const sandboxes = await runNetworkSandboxes(world, net, plan, runner, bundles, () =>
      roundEvents(world, needed),
    );
    return evaluateNetwork(model, plan, sandboxes, Math.round((Date.now() - started) / 1000));
  } finally {
    await net.close();
  }
}
