/**
 * Runs the network model's sandboxes (issue 18): per round one child per contestant, rotated, each a fresh
 * process that handles a cold invocation and then warm ones against the TLS fronts; after each child the
 * fronts' handshakes and requests are split by the child's phase timestamps and the ESP stand-in's
 * acceptances are checked against the invocations made.
 */
import type { LabelledEvent, NetworkResult } from '../child/protocol.js';
import type { World } from '../env.js';
import { runChild } from '../spawn.js';
import type { HandshakeRecord } from './latency-proxy.js';
import { NETWORK_SERVICES, type NetworkService } from './model.js';
import type { NetworkContestant, NetworkWorld } from './world.js';

/** How many sandboxes and invocations the section runs. */
export interface NetworkPlan {
  rounds: number;
  /** Unrecorded warm invocations after the cold one. */
  warmup: number;
  /** Recorded warm invocations per sandbox. */
  iterations: number;
}

/** What the fronts saw during one sandbox's life, per service. */
export interface SandboxCounts {
  /** Every TLS handshake of the sandbox. */
  handshakes: Record<NetworkService, number>;
  /** Handshakes completed by the cold invocation's acceptance (init and first invocation). */
  coldHandshakes: Record<NetworkService, number>;
  /** Handshakes during the recorded warm invocations. */
  warmHandshakes: Record<NetworkService, number>;
  /** Requests during the recorded warm invocations. */
  warmRequests: Record<NetworkService, number>;
}

/** One contestant of the section: a bundle and the configuration it runs with. */
export interface NetworkEntrant {
  /** Label in the table (`ours`, `naive`, or a `--variant` label). */
  name: string;
  /** Which configuration it gets (world.ts `envFor`). */
  kind: NetworkContestant;
  bundle: string;
}

export interface Sandbox {
  contestant: string;
  kind: NetworkContestant;
  result: NetworkResult;
  counts: SandboxCounts;
  /** Sends the ESP stand-in accepted against the invocations this sandbox made. */
  accepted: number;
  expected: number;
}

function countBy(pick: (service: NetworkService) => number): Record<NetworkService, number> {
  return Object.fromEntries(NETWORK_SERVICES.map((s) => [s, pick(s)])) as Record<NetworkService, number>;
}

function countsOf(net: NetworkWorld, r: NetworkResult): SandboxCounts {
  const inWarm = (t: number): boolean => t >= r.warmStartEpochMs && t <= r.warmEndEpochMs;
  const list = (s: NetworkService): HandshakeRecord[] => net.fronts[s].handshakes;
  return {
    handshakes: countBy((s) => list(s).length),
    coldHandshakes: countBy((s) => list(s).filter((h) => h.atEpochMs <= r.coldAcceptedEpochMs).length),
    warmHandshakes: countBy((s) => list(s).filter((h) => inWarm(h.atEpochMs)).length),
    warmRequests: countBy((s) => net.fronts[s].requests.filter(inWarm).length),
  };
}

/** Rotates the order each round, so no contestant always runs first. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/**
 * Runs `plan.rounds` rounds of one sandbox per contestant, interleaved. `freshEvents` must give fresh
 * ciphertexts on every call: each sandbox gets its own, since the idempotency table (shared by every sandbox
 * that has it on) would otherwise answer a repeat without a send.
 * @example const sandboxes = await runNetworkSandboxes(world, net, plan, runner, entrants, makeSandboxEvents);
 */
export async function runNetworkSandboxes(
  world: World,
  net: NetworkWorld,
  plan: NetworkPlan,
  runner: string,
  entrants: readonly NetworkEntrant[],
  freshEvents: () => Promise<LabelledEvent[]>,
): Promise<Sandbox[]> {
  const sandboxes: Sandbox[] = [];
  for (let round = 0; round < plan.rounds; round += 1) {
    for (const entrant of rotate(entrants, round)) {
      const events = await freshEvents();
      net.reset();
      world.sendgrid.accepted.length = 0;
      world.sendgrid.rejected.length = 0;
      world.kms.calls.length = 0;
      const { result } = await runChild<NetworkResult>(
        runner,
        { bundle: entrant.bundle, events, warmup: plan.warmup, iterations: plan.iterations },
        net.envFor(entrant.kind),
      );
      if (result === null) continue;
      sandboxes.push({
        contestant: entrant.name,
        kind: entrant.kind,
        result,
        counts: countsOf(net, result),
        accepted: world.sendgrid.accepted.length,
        expected: 1 + plan.warmup + plan.iterations,
      });
    }
  }
  return sandboxes;
}
