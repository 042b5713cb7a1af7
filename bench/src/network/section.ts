/**
 * The network-model section of `pnpm bench` (issue 18), end to end: start the TLS fronts, run the
 * interleaved sandboxes, evaluate. `run.ts` calls it after the loopback sections, or alone with `--network`.
 */
import { buildBaseline, buildRunner, dispatcherBundleSettings, RUNNER_OPTIONS } from '../bundle.js';
import type { LabelledEvent } from '../child/protocol.js';
import { makeEvents, type World } from '../env.js';
import { networkModel } from './model.js';
import { profileNetworkSandboxes } from './profile.js';
import { evaluateNetwork, type NetworkReport } from './report.js';
import { type NetworkEntrant, type NetworkPlan, runNetworkSandboxes } from './run.js';
import { startNetworkWorld } from './world.js';

/** Full: 6 sandboxes per contestant × (1 cold + 3 + 8 warm); quick: a smoke run. */
export function networkPlan(mode: 'full' | 'quick'): NetworkPlan {
  return mode === 'full' ? { rounds: 6, warmup: 3, iterations: 8 } : { rounds: 1, warmup: 1, iterations: 3 };
}

/**
 * Events for one sandbox: fresh ciphertexts of the code-carrying triggers, ForgotPassword first (the cold
 * invocation's, as in the loopback cold starts). Takeover events carry no code, so no KMS call: they are left
 * out, since the floor is defined for the code path.
 */
async function sandboxEvents(world: World, needed: number): Promise<LabelledEvent[]> {
  const perTrigger = Math.ceil(needed / 7);
  const made = (await makeEvents(world, perTrigger)).filter(
    (e) => e.trigger !== 'AccountTakeOverNotification',
  );
  const first = made.findIndex((e) => e.trigger === 'ForgotPassword');
  return [...made.slice(first), ...made.slice(0, first)];
}

/**
 * A build measured next to ours, configured as ours (`--variant=<label>=<dist dir>`) or as ours with the
 * idempotency table (`--variant-idempotency=…`): A/B of overlaps in one interleaved run.
 */
export interface NetworkVariant {
  label: string;
  entry: string;
  idempotency: boolean;
}

/**
 * Runs the section against the bench's world (its KMS and SendGrid stand-ins); `profile`: one more profiled
 * sandbox per contestant (profile.ts), reported apart from the figures.
 * @example const report = await runNetworkSection(world, { ours: oursEntry, naive: naiveEntry }, 'full', log);
 */
export async function runNetworkSection(
  world: World,
  entries: { ours: string; naive: string },
  mode: 'full' | 'quick',
  log: (message: string) => void,
  variants: readonly NetworkVariant[] = [],
  { profile = false }: { profile?: boolean } = {},
): Promise<NetworkReport> {
  const model = networkModel(process.env);
  const plan = networkPlan(mode);
  const started = Date.now();
  const runner = await buildRunner('network', RUNNER_OPTIONS);
  // The measured floor: exactly the floor's two requests through the same fronts (baselines/network-floor).
  const probe = await buildBaseline('network-floor', dispatcherBundleSettings().options);
  const entrants: NetworkEntrant[] = [
    { name: 'ours', kind: 'ours', bundle: entries.ours },
    { name: 'ours + idempotency', kind: 'ours + idempotency', bundle: entries.ours },
    { name: 'naive', kind: 'naive', bundle: entries.naive },
    { name: 'floor probe', kind: 'floor probe', bundle: probe.entry },
    ...variants.map(
      (v): NetworkEntrant => ({
        name: v.label,
        kind: v.idempotency ? 'ours + idempotency' : 'ours',
        bundle: v.entry,
      }),
    ),
  ];
  const net = await startNetworkWorld(world, model);
  try {
    log(
      `network model: ${plan.rounds} rounds × (${entrants.map((e) => e.name).join(', ')}), TLS fronts with latency` +
        (model.source === 'pinned' ? '' : ` (exploration: ${model.overrides.join(' ')})`),
    );
    const needed = 1 + plan.warmup + plan.iterations;
    const freshEvents = () => sandboxEvents(world, needed);
    const sandboxes = await runNetworkSandboxes(world, net, plan, runner, entrants, freshEvents);
    const profiles = profile
      ? await profileNetworkSandboxes(net, runner, entrants, plan, freshEvents)
      : undefined;
    const report = evaluateNetwork(model, plan, sandboxes, Math.round((Date.now() - started) / 1000));
    return profiles ? { ...report, profiles } : report;
  } finally {
    await net.close();
  }
}
