/**
 * The network model (issue 18): what a round trip to each AWS service and to the ESP costs, what a new TLS
 * connection costs, and the seeded jitter on both. The verdicts always use the pinned defaults below;
 * `BENCH_NET_*` overrides exist for exploration and turn the verdicts into "n/a".
 */
import { BenchError } from '../errors.js';

/** The services the model puts behind TLS with latency. */
export const NETWORK_SERVICES = ['kms', 'secrets-manager', 'dynamodb', 'esp'] as const;
export type NetworkService = (typeof NETWORK_SERVICES)[number];

/** The model's parameters (all delays in ms). */
export interface NetworkModel {
  /** Round-trip time per request, per service. */
  rttMs: Record<NetworkService, number>;
  /** A new connection (TCP + TLS handshake) costs this many round trips of its service. */
  handshakeRtts: number;
  /** Each delay is multiplied by a uniform factor in [1 − jitter, 1 + jitter]. */
  jitter: number;
  /** Seed of the jitter's generator (mulberry32), one stream per service. */
  seed: number;
  /** `pinned`: the defaults, verdicts apply; `override`: some BENCH_NET_* was set, exploration only. */
  source: 'pinned' | 'override';
  /** The BENCH_NET_* variables that were set (empty when pinned). */
  overrides: string[];
}

/**
 * The pinned defaults (issue 18): KMS, Secrets Manager and DynamoDB 12 ms round trip in-region, the ESP's
 * API 120 ms (a US-hosted API from an EU function), a TLS handshake 2 round trips (TCP's own round trip
 * and TLS 1.3's, or TLS 1.2's two), ± 5 % jitter.
 */
export const PINNED_MODEL: NetworkModel = {
  rttMs: { kms: 12, 'secrets-manager': 12, dynamodb: 12, esp: 120 },
  handshakeRtts: 2,
  jitter: 0.05,
  seed: 18,
  source: 'pinned',
  overrides: [],
};

/** Environment variable per tunable (documented in bench/README.md, "Network model"). */
const VARIABLES = {
  kms: 'BENCH_NET_KMS_RTT_MS',
  'secrets-manager': 'BENCH_NET_SECRETS_RTT_MS',
  dynamodb: 'BENCH_NET_DYNAMODB_RTT_MS',
  esp: 'BENCH_NET_ESP_RTT_MS',
  handshakeRtts: 'BENCH_NET_HANDSHAKE_RTTS',
  jitter: 'BENCH_NET_JITTER',
  seed: 'BENCH_NET_SEED',
} as const;

function numberFrom(env: Record<string, string | undefined>, name: string, fallback: number, max: number) {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return { value: fallback, set: false };
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > max) {
    throw new BenchError(
      'BAD_FLAG',
      `${name}=${raw}: give a number from 0 to ${max} (unset it for the pinned default)`,
    );
  }
  return { value, set: true };
}

/**
 * The model for this run: the pinned defaults, with any `BENCH_NET_*` override applied (exploration only).
 * @example const model = networkModel(process.env); model.source === 'pinned' // verdicts apply
 */
export function networkModel(env: Record<string, string | undefined>): NetworkModel {
  const overrides: string[] = [];
  const take = (name: string, fallback: number, max: number): number => {
    const { value, set } = numberFrom(env, name, fallback, max);
    if (set) overrides.push(`${name}=${value}`);
    return value;
  };
  const rttMs = Object.fromEntries(
    NETWORK_SERVICES.map((s) => [s, take(VARIABLES[s], PINNED_MODEL.rttMs[s], 10_000)]),
  ) as Record<NetworkService, number>;
  const handshakeRtts = take(VARIABLES.handshakeRtts, PINNED_MODEL.handshakeRtts, 10);
  const jitter = take(VARIABLES.jitter, PINNED_MODEL.jitter, 0.5);
  const seed = Math.trunc(take(VARIABLES.seed, PINNED_MODEL.seed, 2 ** 31));
  return {
    rttMs,
    handshakeRtts,
    jitter,
    seed,
    source: overrides.length === 0 ? 'pinned' : 'override',
    overrides,
  };
}

/**
 * A seeded source of delay factors in [1 − jitter, 1 + jitter] (mulberry32), so two runs with the same
 * seed draw the same sequence per service.
 * @example const next = jitterSource(18, 0.05); next() // 0.95 … 1.05
 */
export function jitterSource(seed: number, jitter: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const uniform = ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    return 1 - jitter + 2 * jitter * uniform;
  };
}

/**
 * The round trips a warm invocation cannot avoid: one KMS Decrypt and one ESP call, plus the idempotency
 * table's two (Powertools' conditional PutItem before the send, UpdateItem after) when it is on.
 * @example modelFloorMs(PINNED_MODEL, false) // 132
 */
export function modelFloorMs(model: NetworkModel, idempotency: boolean): number {
  return model.rttMs.kms + model.rttMs.esp + (idempotency ? 2 * model.rttMs.dynamodb : 0);
}
