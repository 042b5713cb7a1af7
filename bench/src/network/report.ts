/**
 * Figures, verdicts and the markdown table of the network model (issue 18). Verdicts are given only under
 * the pinned model; with a `BENCH_NET_*` override the same figures print with "n/a (exploration)".
 */
import { type Summary, summarize } from '../stats.js';
import { modelFloorMs, NETWORK_SERVICES, type NetworkModel, type NetworkService } from './model.js';
import type { NetworkProfile } from './profile.js';
import type { NetworkPlan, Sandbox } from './run.js';

/** One contestant's figures under the model. */
export interface NetworkFigures {
  sandboxes: number;
  /** ms from process start to the first invocation's acceptance (cold time-to-acceptance). */
  coldAcceptance: Summary;
  /** ms from process start to the end of import (init included). */
  initDone: Summary;
  firstInvoke: Summary;
  /** ms per recorded warm invocation, start to acceptance. */
  warm: Summary;
  /** The model's floor for this contestant's warm path, ms. */
  floorMs: number;
  /** Per service, mean per sandbox. */
  handshakesPerSandbox: Record<NetworkService, number>;
  coldHandshakesPerSandbox: Record<NetworkService, number>;
  /** Per service, per recorded warm invocation. */
  warmHandshakesPerInvocation: Record<NetworkService, number>;
  warmRequestsPerInvocation: Record<NetworkService, number>;
  /** ESP acceptances against invocations made. */
  delivery: { accepted: number; expected: number };
  errors: string[];
}

export interface NetworkVerdict {
  id: string;
  description: string;
  value: number;
  limit: number;
  comparison: '<=' | '=';
  /** `null`: not judged (an override is set, exploration only). */
  pass: boolean | null;
}

/**
 * The same warm ratios against the measured floor: the `floor probe` contestant's warm median (exactly the
 * floor's two requests through the same fronts, so the harness's own cost is in it), plus the idempotency
 * table's 2 pinned DynamoDB round trips where the table is on. Information beside the verdicts, which keep
 * the issue's definition (the pinned arithmetic floor).
 */
export interface MeasuredFloor {
  /** The probe's warm median, ms. */
  probeWarmMs: number;
  /** The probe's excess over the pinned floor, ms: what the harness costs per warm invocation. */
  harnessMs: number;
  /** warm median / measured floor per contestant. */
  ratios: Record<string, number>;
}

export interface NetworkReport {
  model: NetworkModel;
  plan: NetworkPlan;
  durationS: number;
  /** Per contestant, in the order they were entered. */
  figures: Record<string, NetworkFigures>;
  verdicts: NetworkVerdict[];
  /** `null` when the probe did not run. */
  measuredFloor: MeasuredFloor | null;
  /** `--profile`: one profiled sandbox per contestant (never part of the figures). */
  profiles?: Record<string, NetworkProfile>;
}

function perService(
  sandboxes: Sandbox[],
  pick: (s: Sandbox) => Record<NetworkService, number>,
  per: number,
): Record<NetworkService, number> {
  return Object.fromEntries(
    NETWORK_SERVICES.map((service) => [
      service,
      per > 0 ? sandboxes.reduce((sum, s) => sum + pick(s)[service], 0) / per : Number.NaN,
    ]),
  ) as Record<NetworkService, number>;
}

function figuresOf(model: NetworkModel, sandboxes: Sandbox[]): NetworkFigures {
  const warmCount = sandboxes.reduce((n, s) => n + s.result.warmMs.length, 0);
  return {
    sandboxes: sandboxes.length,
    coldAcceptance: summarize(sandboxes.map((s) => s.result.coldAcceptedMs)),
    initDone: summarize(sandboxes.map((s) => s.result.loadMs)),
    firstInvoke: summarize(sandboxes.map((s) => s.result.coldInvokeMs)),
    warm: summarize(sandboxes.flatMap((s) => s.result.warmMs)),
    floorMs: modelFloorMs(model, sandboxes[0]?.kind === 'ours + idempotency'),
    handshakesPerSandbox: perService(sandboxes, (s) => s.counts.handshakes, sandboxes.length),
    coldHandshakesPerSandbox: perService(sandboxes, (s) => s.counts.coldHandshakes, sandboxes.length),
    warmHandshakesPerInvocation: perService(sandboxes, (s) => s.counts.warmHandshakes, warmCount),
    warmRequestsPerInvocation: perService(sandboxes, (s) => s.counts.warmRequests, warmCount),
    delivery: {
      accepted: sandboxes.reduce((n, s) => n + s.accepted, 0),
      expected: sandboxes.reduce((n, s) => n + s.expected, 0),
    },
    errors: sandboxes.flatMap((s) => s.result.errors),
  };
}

/** The contestant that makes exactly the floor's requests (baselines/network-floor). */
const PROBE = 'floor probe';

const sum = (r: Record<NetworkService, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
const round2 = (v: number): number => Math.round(v * 100) / 100;

function verdictsOf(model: NetworkModel, f: NetworkReport['figures']): NetworkVerdict[] {
  const judged = model.source === 'pinned';
  const v = (
    id: string,
    description: string,
    value: number,
    limit: number,
    comparison: '<=' | '=',
  ): NetworkVerdict => ({
    id,
    description,
    value: round2(value),
    limit,
    comparison,
    pass: judged ? (comparison === '<=' ? value <= limit : value === limit) : null,
  });
  const ours = f.ours;
  const idem = f['ours + idempotency'];
  const naive = f.naive;
  return [
    v(
      'net-cold-vs-naive',
      'cold time-to-acceptance ours / naive (median)',
      (ours?.coldAcceptance.median ?? Number.NaN) / (naive?.coldAcceptance.median ?? Number.NaN),
      0.7,
      '<=',
    ),
    v(
      'net-warm-vs-floor',
      `warm ours / floor (${ours?.floorMs} ms: KMS Decrypt + ESP call; median)`,
      (ours?.warm.median ?? Number.NaN) / (ours?.floorMs ?? Number.NaN),
      1.1,
      '<=',
    ),
    v(
      'net-warm-vs-floor-idempotency',
      `warm ours + idempotency / floor (${idem?.floorMs} ms: + 2 DynamoDB round trips; median)`,
      (idem?.warm.median ?? Number.NaN) / (idem?.floorMs ?? Number.NaN),
      1.1,
      '<=',
    ),
    v(
      'net-warm-handshakes',
      'TLS handshakes per warm invocation, ours (all services)',
      ours ? sum(ours.warmHandshakesPerInvocation) : Number.NaN,
      0,
      '=',
    ),
    v(
      'net-warm-handshakes-idempotency',
      'TLS handshakes per warm invocation, ours + idempotency (all services)',
      idem ? sum(idem.warmHandshakesPerInvocation) : Number.NaN,
      0,
      '=',
    ),
  ];
}

/**
 * Figures per contestant and the issue-18 verdicts.
 * @example const report = evaluateNetwork(model, plan, sandboxes, 42);
 */
export function evaluateNetwork(
  model: NetworkModel,
  plan: NetworkPlan,
  sandboxes: Sandbox[],
  durationS: number,
): NetworkReport {
  const figures: NetworkReport['figures'] = {};
  for (const name of new Set(sandboxes.map((s) => s.contestant))) {
    figures[name] = figuresOf(
      model,
      sandboxes.filter((s) => s.contestant === name),
    );
  }
  return {
    model,
    plan,
    durationS,
    figures,
    verdicts: verdictsOf(model, figures),
    measuredFloor: measuredFloorOf(model, figures),
  };
}

function measuredFloorOf(model: NetworkModel, figures: NetworkReport['figures']): MeasuredFloor | null {
  const probe = figures[PROBE];
  if (!probe || !Number.isFinite(probe.warm.median)) return null;
  const ratios: Record<string, number> = {};
  for (const [name, f] of Object.entries(figures)) {
    if (name === PROBE) continue;
    // The table's round trips are the only part of a floor the probe does not make.
    const extra = f.floorMs - modelFloorMs(model, false);
    ratios[name] = round2(f.warm.median / (probe.warm.median + extra));
  }
  return {
    probeWarmMs: round2(probe.warm.median),
    harnessMs: round2(probe.warm.median - probe.floorMs),
    ratios,
  };
}

const ms = (v: number): string => (Number.isFinite(v) ? String(Math.round(v)) : '–');
const counts = (r: Record<NetworkService, number>): string =>
  NETWORK_SERVICES.map((s) => (Number.isFinite(r[s]) ? String(round2(r[s])) : '–')).join(' / ');

/** The model's parameters in one line (the README's table repeats it). */
export function describeModel(m: NetworkModel): string {
  const rtt = `RTT KMS ${m.rttMs.kms} ms, Secrets Manager ${m.rttMs['secrets-manager']} ms, DynamoDB ${m.rttMs.dynamodb} ms, ESP API ${m.rttMs.esp} ms`;
  const source =
    m.source === 'pinned'
      ? 'pinned defaults (verdicts apply)'
      : `EXPLORATION, no verdicts: ${m.overrides.join(' ')}`;
  return `${source}; ${rtt}; a new connection (TCP + TLS) ${m.handshakeRtts} RTT; jitter ±${round2(m.jitter * 100)} % seeded (${m.seed})`;
}

/**
 * The section `pnpm bench` prints.
 * @example process.stdout.write(networkMarkdown(report));
 */
export function networkMarkdown(r: NetworkReport): string {
  const lines: string[] = [
    '## Network model (issue 18): time to the provider’s acceptance',
    '',
    `Model: ${describeModel(r.model)}. ${r.plan.rounds} sandboxes per contestant, interleaved; each a fresh ` +
      `process: 1 cold invocation, ${r.plan.warmup} unrecorded warm, ${r.plan.iterations} recorded warm. ` +
      `TLS to every stand-in (self-signed, trusted by the children only). ${r.durationS} s.`,
    '',
    '| contestant | cold: start → acceptance, median (p25–p75) | init done | first invoke | warm median (p25–p75) | floor | warm / floor | handshakes per sandbox, cold invocation | per sandbox, all | per warm invocation | requests per warm invocation | ESP accepted |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [name, f] of Object.entries(r.figures)) {
    lines.push(
      `| ${name} | ${ms(f.coldAcceptance.median)} (${ms(f.coldAcceptance.p25)}–${ms(f.coldAcceptance.p75)}) | ` +
        `${ms(f.initDone.median)} | ${ms(f.firstInvoke.median)} | ${ms(f.warm.median)} (${ms(f.warm.p25)}–${ms(f.warm.p75)}) | ` +
        `${f.floorMs} | ${round2(f.warm.median / f.floorMs)} | ${counts(f.coldHandshakesPerSandbox)} | ` +
        `${counts(f.handshakesPerSandbox)} | ${counts(f.warmHandshakesPerInvocation)} | ` +
        `${counts(f.warmRequestsPerInvocation)} | ${f.delivery.accepted}/${f.delivery.expected} |`,
    );
  }
  lines.push(
    '',
    `Counts are per service: ${NETWORK_SERVICES.join(' / ')}. Times in ms; "init done" is process start → end of ` +
      'the import (top-level await included); the floor is the sum of the round trips a warm invocation cannot avoid.',
    '',
    '| network target | value | limit | verdict |',
    '| --- | ---: | ---: | --- |',
  );
  for (const t of r.verdicts) {
    const verdict = t.pass === null ? 'n/a (exploration)' : t.pass ? 'PASS' : 'MISS';
    lines.push(
      `| ${t.description} | ${t.value} | ${t.comparison === '=' ? '=' : '≤'} ${t.limit} | ${verdict} |`,
    );
  }
  const m = r.measuredFloor;
  if (m) {
    lines.push(
      '',
      `Measured floor (information; the verdicts above use the pinned floor): the floor probe makes exactly the ` +
        `floor's requests through the same fronts in ${m.probeWarmMs} ms, ${m.harnessMs} ms above the pinned ` +
        `floor (the harness's own cost). Warm / measured floor (+ 2 DynamoDB round trips with the table): ` +
        `${Object.entries(m.ratios)
          .map(([name, ratio]) => `${name} ${ratio}`)
          .join(', ')}.`,
    );
  }
  lines.push(...profileLines(r.profiles));
  const errors = Object.entries(r.figures).flatMap(([n, f]) => f.errors.map((e) => `${n}: ${e}`));
  if (errors.length > 0) lines.push('', `Errors: ${errors.slice(0, 10).join('; ')}`);
  lines.push('');
  return lines.join('\n');
}

/** `--profile`: CPU per contestant, the top entries cold (per sandbox) and warm (per invocation). */
function profileLines(profiles: Record<string, NetworkProfile> | undefined): string[] {
  if (!profiles) return [];
  const top = (list: { name: string; ms: number }[], n: number): string =>
    list
      .filter((x) => x.name !== '(idle)' && x.name !== 'node:inspector')
      .slice(0, n)
      .map((x) => `${x.name} ${x.ms}`)
      .join(', ');
  const lines = [
    '',
    'CPU profiles (one extra sandbox each, profiler on: slower than the figures above; self ms by package):',
    '',
    '| contestant | cold CPU | cold: largest | warm CPU per invocation | warm: largest |',
    '| --- | ---: | --- | ---: | --- |',
  ];
  for (const [name, p] of Object.entries(profiles)) {
    lines.push(
      `| ${name} | ${p.coldCpuMs} | ${top(p.cold, 12)} | ${p.warmCpuMsPerInvocation} | ${top(p.warm, 12)} |`,
    );
  }
  return lines;
}
