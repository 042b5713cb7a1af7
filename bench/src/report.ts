/**
 * Turns raw figures into ratios, target verdicts and the markdown table `pnpm bench` prints.
 */
import { round, type Summary } from './stats.js';
import { afterBeforeLines } from './variant-report.js';

export interface ColdFigures {
  wallMs: Summary;
  loadMs?: Summary;
  firstInvokeMs?: Summary;
  bootMs?: Summary;
  peakRssMb?: Summary;
  /** CPU ms the child used until its first response (robust against competing processes). */
  cpuMs?: Summary;
}

export interface WarmFigures {
  perTrigger: Record<string, Summary>;
  all: Summary;
  /** Triggers that carry a code (all but AccountTakeOverNotification): the decrypting ones. */
  codeTriggers: Summary;
  /** CPU ms per invocation (code triggers): the contention-robust twin of the wall latency. */
  cpuPerInvocation: Summary;
  throughput: {
    sequentialPerS: number;
    perCpuSecond: number;
    burstPerS: number | null;
    burstPerCpuSecond: number | null;
  };
  memory: {
    rssMb: Record<string, number>;
    heapUsedMb: Record<string, number>;
    peakRssMb: Record<string, number>;
    heapTotalMb: Record<string, number>;
    externalMb: Record<string, number>;
    processPeakRssMb: number;
  } | null;
  errors: string[];
}

export interface BundleFigures {
  raw: number;
  gzip: number;
  loadedRaw: number;
  loadedGzip: number;
  files: { path: string; raw: number; gzip: number; loaded: boolean }[];
}

export interface MemoryFigures {
  iterations: number;
  rssMb?: Record<string, number>;
  heapUsedMb?: Record<string, number>;
  peakRssMb?: Record<string, number>;
  heapTotalMb?: Record<string, number>;
  externalMb?: Record<string, number>;
  processPeakRssMb?: number;
  latency: Summary;
  errors: string[];
}

/** Render-only per template and payload-building-only, of ours or of a `--variant` build. */
export interface MicroFigures {
  render: Record<string, { ms: Summary; htmlBytes: number; textBytes: number }>;
  renderErrors: string[];
  payload: { ms: Summary; bodyBytes: number } | null;
}

export interface Target {
  id: string;
  description: string;
  value: number;
  limit: number;
  comparison: '<=' | '>=' | '<';
  pass: boolean;
}

export interface ReportInput {
  meta: {
    date: string;
    mode: string;
    durationS: number;
    machine: Record<string, unknown>;
    versions: Record<string, string>;
    /** How every child process was started (lambda-runtime.ts): binary, version, flags, NODE_OPTIONS. */
    runtime: {
      version: string;
      args: string[];
      nodeOptions: string | undefined;
      description: string;
    };
    bundleSettings: { source: string; options: unknown };
    plan: unknown;
    events: Record<string, unknown>;
    requests: Record<string, string>;
  };
  bundle: Record<string, BundleFigures>;
  cold: Record<string, ColdFigures>;
  warm: Record<string, WarmFigures>;
  /** Sends the SendGrid stand-in accepted during the warm rounds, against what each contestant should send. */
  delivery: Record<string, { expected: number; accepted: number; rejected: number }>;
  /**
   * Ours in one long-lived process started as Lambda starts the function (lambda-runtime.ts), each sample taken right
   * after a full GC (`label` says so): RSS / heap after invocation 1, 200 and the last one. The memory
   * targets use this run.
   */
  memory: (MemoryFigures & { label: string }) | null;
  /** The same run sampled without a forced GC, and under node's defaults: informational. */
  memoryInfo: (MemoryFigures & { label: string; short: string })[];
  micro: MicroFigures & { decryptOnly: Summary | null };
  /**
   * `--variant` builds, measured as ours is. Their bundle, cold, warm, delivery and analysis rows are keyed by
   * label next to the contestants'; their memory target run and micro figures are here.
   */
  variants: Record<string, { memory: ReportInput['memory']; micro: MicroFigures }>;
  analysis: {
    /** Bytes of what one event loads, per package (source maps), largest first. */
    composition: Record<string, { name: string; bytes: number }[]>;
    /** Cold-start self time per package (`--profile` only). */
    profiles: Record<string, { totalMs: number; byPackage: { name: string; ms: number }[] }> | null;
  };
}

export interface Report extends ReportInput {
  ratios: Record<string, number>;
  targets: Target[];
  /** Informational verdicts (not issue targets), e.g. memory under node's default heap sizing. */
  info: Target[];
  /** The same ratios and targets with each `--variant` build in ours' place. */
  variantResults: Record<string, { ratios: Record<string, number>; targets: Target[] }>;
}

function ratio(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined || !(b > 0)) return Number.NaN;
  return a / b;
}

function target(
  id: string,
  description: string,
  value: number,
  comparison: Target['comparison'],
  limit: number,
) {
  const pass =
    Number.isFinite(value) &&
    (comparison === '<=' ? value <= limit : comparison === '>=' ? value >= limit : value < limit);
  return { id, description, value: round(value, 3), limit, comparison, pass };
}

/**
 * Computes the ratios of issue 8 and a PASS/MISS verdict per target.
 * @example const report = evaluate(input); report.targets.filter((t) => !t.pass)
 */
export function evaluate(input: ReportInput): Report {
  const variantResults = Object.fromEntries(
    Object.keys(input.variants).map((label) => {
      const { ratios, targets } = evaluateOurs(asOurs(input, label));
      return [label, { ratios, targets }];
    }),
  );
  return { ...input, ...evaluateOurs(input), variantResults };
}

function evaluateOurs(input: ReportInput): Pick<Report, 'ratios' | 'targets' | 'info'> {
  const memory = memoryGrowth(input.memory);
  const ratios = ratiosOf(input, memory.growth);
  const rounded = Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, round(v, 3)]));
  const targets = targetsOf(ratios, memory);
  const info = memoryInfoTargets(input.memoryInfo, memory.lastKey);
  return { ratios: rounded, targets, info };
}

/** A copy of `rows` whose `ours` is `label`'s row. */
function asOursRow<T>(rows: Record<string, T>, label: string): Record<string, T> {
  const { ours: _, ...rest } = rows;
  const row = rows[label];
  return row === undefined ? rest : { ...rest, ours: row };
}

/** The input with the `--variant` build `label` in ours' place, so the same ratios and targets apply. */
function asOurs(input: ReportInput, label: string): ReportInput {
  const variant = input.variants[label];
  return {
    ...input,
    bundle: asOursRow(input.bundle, label),
    cold: asOursRow(input.cold, label),
    warm: asOursRow(input.warm, label),
    memory: variant?.memory ?? null,
    memoryInfo: [],
    micro: {
      ...(variant?.micro ?? { render: {}, renderErrors: [], payload: null }),
      decryptOnly: input.micro.decryptOnly,
    },
  };
}

/** The memory run's last sample point, RSS growth from invocation 200 to it, and peak RSS there. */
function memoryGrowth(run: ReportInput['memory']): {
  lastKey: number | undefined;
  growth: number;
  peakAfter: number;
} {
  const rss = run?.rssMb ?? {};
  const peak = run?.peakRssMb ?? {};
  const lastKey = Object.keys(rss)
    .map(Number)
    .sort((a, b) => b - a)[0];
  const rssLast = lastKey === undefined ? undefined : rss[String(lastKey)];
  const rss200 = rss['200'];
  const growth = rssLast !== undefined && rss200 !== undefined ? (rssLast - rss200) / rss200 : Number.NaN;
  const peakAfter = lastKey === undefined ? Number.NaN : (peak[String(lastKey)] ?? Number.NaN);
  return { lastKey, growth, peakAfter };
}

function ratiosOf(input: ReportInput, growth: number): Record<string, number> {
  const cold = (name: string) => input.cold[name]?.wallMs.median;
  const warmP50 = (name: string) => input.warm[name]?.codeTriggers.median;
  return {
    coldOursOverNaive: ratio(cold('ours'), cold('naive')),
    coldOursOverFloor: ratio(cold('ours'), cold('floor')),
    coldOursOverBareNode: ratio(cold('ours'), cold('bare')),
    coldNaiveOverBareNode: ratio(cold('naive'), cold('bare')),
    coldMjmlRuntimeOverNaive: ratio(cold('mjml-runtime'), cold('naive')),
    warmP50OursOverDecryptOnly: ratio(warmP50('ours'), warmP50('floor')),
    warmP50MjmlRuntimeOverOurs: ratio(warmP50('mjml-runtime'), warmP50('ours')),
    warmP50OursOverNaive: ratio(warmP50('ours'), warmP50('naive')),
    bundleLoadedOursOverNaive: ratio(input.bundle.ours?.loadedRaw, input.bundle.naive?.loadedRaw),
    bundleGzipLoadedOursOverNaive: ratio(input.bundle.ours?.loadedGzip, input.bundle.naive?.loadedGzip),
    rssGrowth200ToLast: growth,
    // Same comparisons on CPU time, which other processes on a busy machine disturb far less.
    coldCpuOursOverNaive: ratio(input.cold.ours?.cpuMs?.median, input.cold.naive?.cpuMs?.median),
    coldCpuOursOverFloor: ratio(input.cold.ours?.cpuMs?.median, input.cold.floor?.cpuMs?.median),
    warmCpuOursOverDecryptOnly: ratio(
      input.warm.ours?.cpuPerInvocation.median,
      input.warm.floor?.cpuPerInvocation.median,
    ),
    warmCpuMjmlRuntimeOverOurs: ratio(
      input.warm['mjml-runtime']?.cpuPerInvocation.median,
      input.warm.ours?.cpuPerInvocation.median,
    ),
  };
}

/** The issue's targets, in report order. */
function targetsOf(ratios: Record<string, number>, memory: ReturnType<typeof memoryGrowth>): Target[] {
  const { lastKey, growth, peakAfter } = memory;
  return [
    target(
      'cold-vs-naive',
      'cold start ours ≤ 0.8 × naive (median wall)',
      ratios.coldOursOverNaive ?? NaN,
      '<=',
      0.8,
    ),
    target(
      'cold-vs-floor',
      'cold start ours ≤ 1.25 × floor (median wall)',
      ratios.coldOursOverFloor ?? NaN,
      '<=',
      1.25,
    ),
    target(
      'warm-vs-decrypt',
      'warm p50 ours ≤ 1.2 × decrypt-only p50',
      ratios.warmP50OursOverDecryptOnly ?? NaN,
      '<=',
      1.2,
    ),
    target(
      'warm-vs-mjml',
      'warm p50 ours ≥ 5 × faster than mjml-runtime',
      ratios.warmP50MjmlRuntimeOverOurs ?? NaN,
      '>=',
      5,
    ),
    target(
      'bundle-vs-naive',
      'bundle ours (what one provider loads, raw) ≤ naive',
      ratios.bundleLoadedOursOverNaive ?? NaN,
      '<=',
      1,
    ),
    target(
      'peak-rss',
      `peak RSS (MB) after ${lastKey ?? '?'} warm invocations ≤ 100 (as Lambda starts it)`,
      peakAfter,
      '<=',
      100,
    ),
    target(
      'rss-growth',
      `RSS growth invocation 200 → ${lastKey ?? '?'} < 5 % (as Lambda starts it, sampled after a full GC)`,
      growth * 100,
      '<',
      5,
    ),
  ];
}

/** The same two memory targets for the other memory runs, as information (the targets use the target run). */
function memoryInfoTargets(runs: ReportInput['memoryInfo'], lastKey: number | undefined): Target[] {
  const info: Target[] = [];
  for (const run of runs) {
    if (lastKey === undefined) break;
    const runRss = run.rssMb ?? {};
    const runLast = runRss[String(lastKey)];
    const run200 = runRss['200'];
    const runGrowth =
      runLast !== undefined && run200 !== undefined ? (runLast - run200) / run200 : Number.NaN;
    info.push(
      target(
        `peak-rss-${run.short}`,
        `(info) peak RSS, ${run.label}`,
        run.peakRssMb?.[String(lastKey)] ?? Number.NaN,
        '<=',
        100,
      ),
      target(`rss-growth-${run.short}`, `(info) RSS growth, ${run.label}`, runGrowth * 100, '<', 5),
    );
  }
  return info;
}

const ms = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(0);
const kb = (v: number | undefined) => (v === undefined ? '–' : (v / 1024).toFixed(1));

/**
 * The markdown report (stdout of `pnpm bench`).
 * @example process.stdout.write(toMarkdown(report));
 */
export function toMarkdown(r: Report): string {
  return [
    ...headerLines(r),
    ...targetLines(r),
    ...bundleLines(r),
    ...coldLines(r),
    ...warmLines(r),
    ...deliveryLines(r),
    ...perTriggerLines(r),
    ...memoryLines(r),
    ...microLines(r),
    ...analysisLines(r),
    ...ratioLines(r),
    ...afterBeforeLines(r),
  ].join('\n');
}

/** The contestants of the warm and bundle tables, in table order: ours, the `--variant` builds, baselines. */
function namesOf(r: Report): string[] {
  return ['ours', ...Object.keys(r.variants), 'naive', 'mjml-runtime', 'floor'];
}

function headerLines(r: Report): string[] {
  const m = r.meta.machine;
  return [
    `# Mailroom benchmark (${r.meta.mode}, ${r.meta.date})`,
    '',
    `Every contestant ran as Lambda starts the function: ${r.meta.runtime.description}.`,
    '',
    `Harness Node ${String(m.node)} · ${String(m.cpuModel)} × ${String(m.cores)} · ${String(m.platform)} · ` +
      `load avg at end ${JSON.stringify(m.loadAverageAtEnd)} · esbuild settings: ${r.meta.bundleSettings.source}`,
    '',
  ];
}

function targetLines(r: Report): string[] {
  const lines = ['## Targets', '', '| target | value | limit | verdict |', '| --- | ---: | ---: | --- |'];
  for (const t of [...r.targets, ...r.info]) {
    lines.push(
      `| ${t.description} | ${t.value} | ${t.comparison} ${t.limit} | ${t.pass ? 'PASS' : 'MISS'} |`,
    );
  }
  lines.push('');
  return lines;
}

function bundleLines(r: Report): string[] {
  const lines = [
    '## Bundle',
    '',
    '| contestant | files | raw KB | gzip KB | loaded for one event, raw KB | loaded gzip KB |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const n of namesOf(r)) {
    const b = r.bundle[n];
    if (!b) continue;
    lines.push(
      `| ${n} | ${b.files.length} | ${kb(b.raw)} | ${kb(b.gzip)} | ${kb(b.loadedRaw)} | ${kb(b.loadedGzip)} |`,
    );
  }
  lines.push('');
  return lines;
}

function coldLines(r: Report): string[] {
  const lines = [
    `## Cold start (fresh Node ${r.meta.runtime.version} \`${r.meta.runtime.args.join(' ')}\`, ${r.meta.runtime.nodeOptions === undefined ? 'NODE_OPTIONS unset' : `NODE_OPTIONS=\`${r.meta.runtime.nodeOptions}\``}; load bundle + handle one event; ms)`,
    '',
    '| contestant | median | p25 | p75 | min | max | n | import | first invoke | CPU ms | peak RSS MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const n of ['bare', ...namesOf(r)]) {
    const c = r.cold[n];
    if (!c) continue;
    const w = c.wallMs;
    lines.push(
      `| ${n === 'bare' ? '`node -e 0`' : n} | ${ms(w.median)} | ${ms(w.p25)} | ${ms(w.p75)} | ${ms(w.min)} | ` +
        `${ms(w.max)} | ${w.n} | ${ms(c.loadMs?.median)} | ${ms(c.firstInvokeMs?.median)} | ${ms(c.cpuMs?.median)} | ${ms(c.peakRssMb?.median)} |`,
    );
  }
  lines.push('');
  return lines;
}

function warmLines(r: Report): string[] {
  const lines = [
    '## Warm (sequential invocations after warm-up; decrypt + render + send to the stand-in; ms)',
    '',
    '| contestant | p50 (code triggers) | p99 | n | CPU ms/inv p50 | inv/s sequential | inv per CPU-s | burst inv/s | burst inv per CPU-s | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const n of namesOf(r)) {
    const w = r.warm[n];
    if (!w) continue;
    const t = w.throughput;
    lines.push(
      `| ${n} | ${ms(w.codeTriggers.median)} | ${ms(w.codeTriggers.p99)} | ${w.codeTriggers.n} | ${ms(w.cpuPerInvocation.median)} | ` +
        `${t.sequentialPerS.toFixed(0)} | ${t.perCpuSecond.toFixed(0)} | ${t.burstPerS?.toFixed(0) ?? '–'} | ` +
        `${t.burstPerCpuSecond?.toFixed(0) ?? '–'} | ${w.errors.length} |`,
    );
  }
  lines.push('');
  return lines;
}

function deliveryLines(r: Report): string[] {
  const deliveryLine = [...namesOf(r), 'cold starts']
    .filter((n) => r.delivery[n])
    .map((n) => {
      const d = r.delivery[n] as {
        expected: number;
        accepted: number;
        rejected: number;
      };
      const ok = d.accepted === d.expected && d.rejected === 0;
      return `${n} ${d.accepted}/${d.expected}${ok ? '' : ` **MISMATCH** (${d.rejected} rejected)`}`;
    })
    .join(', ');
  return [`Sends accepted by the SendGrid stand-in (accepted/expected): ${deliveryLine}.`, ''];
}

function perTriggerLines(r: Report): string[] {
  const triggers = Object.keys(r.warm.ours?.perTrigger ?? {});
  const names = namesOf(r);
  const lines = [
    '### Warm per trigger (p50 / p99 ms)',
    '',
    `| trigger | ${names.join(' | ')} |`,
    `| --- | ${names.map(() => '---:').join(' | ')} |`,
  ];
  for (const t of triggers) {
    const cells = names.map((n) => {
      const s = r.warm[n]?.perTrigger[t];
      return s ? `${ms(s.median)} / ${ms(s.p99)}` : '–';
    });
    lines.push(`| ${t} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  return lines;
}

function memoryLines(r: Report): string[] {
  const lines: string[] = [];
  for (const mem of [r.memory, ...r.memoryInfo]) {
    if (!mem) continue;
    const points = Object.keys(mem.rssMb ?? {});
    const row = (values: Record<string, number> | undefined) =>
      points.map((k) => (values?.[k] ?? Number.NaN).toFixed(1)).join(' | ');
    const flags = mem.label;
    lines.push(
      `### Memory of ours (one process, ${mem.iterations} sequential invocations, ${flags}; p50 ${ms(mem.latency.median)} ms, errors ${mem.errors.length})`,
      '',
      `| after invocation | ${points.join(' | ')} |`,
      `| --- | ${points.map(() => '---:').join(' | ')} |`,
      `| RSS MB | ${row(mem.rssMb)} |`,
      `| peak RSS so far MB | ${row(mem.peakRssMb)} |`,
      `| heap used MB | ${row(mem.heapUsedMb)} |`,
      `| heap reserved MB | ${row(mem.heapTotalMb)} |`,
      `| external (Buffers, OpenSSL) MB | ${row(mem.externalMb)} |`,
      '',
    );
  }
  return lines;
}

function microLines(r: Report): string[] {
  const lines = [
    '## Micro (ms)',
    '',
    '| measurement | p50 | p99 | n | size |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  const d = r.micro.decryptOnly;
  if (d)
    lines.push(
      `| decrypt-only (floor warm: KMS round trip + signed suite) | ${ms(d.median)} | ${ms(d.p99)} | ${d.n} | |`,
    );
  if (r.micro.payload) {
    const pl = r.micro.payload;
    lines.push(
      `| payload-building-only (buildMessage + SendGrid JSON) | ${ms(pl.ms.median)} | ${ms(pl.ms.p99)} | ${pl.ms.n} | ${kb(pl.bodyBytes)} KB body |`,
    );
  }
  for (const [id, t] of Object.entries(r.micro.render)) {
    lines.push(
      `| render-only \`${id}\` | ${ms(t.ms.median)} | ${ms(t.ms.p99)} | ${t.ms.n} | ${kb(t.htmlBytes)} KB html |`,
    );
  }
  for (const e of r.micro.renderErrors) lines.push(`| render error | ${e} | | | |`);
  lines.push('');
  return lines;
}

/** Where the bytes are, and (`--profile`) where one cold start spends CPU. */
function analysisLines(r: Report): string[] {
  const lines = ['## Where the bytes are (what one event loads, by package; top 8, KB)', ''];
  for (const n of namesOf(r)) {
    const parts = r.analysis.composition[n] ?? [];
    if (parts.length === 0) continue;
    lines.push(
      `- **${n}**: ${parts
        .slice(0, 8)
        .map((x) => `${x.name} ${kb(x.bytes)}`)
        .join(', ')}`,
    );
  }
  lines.push('');
  if (r.analysis.profiles) {
    lines.push('## Where one cold start spends CPU (self time by package; top 8, ms)', '');
    for (const n of namesOf(r)) {
      const prof = r.analysis.profiles[n];
      if (!prof) continue;
      lines.push(
        `- **${n}** (${prof.totalMs} ms profiled): ${prof.byPackage
          .slice(0, 8)
          .map((x) => `${x.name} ${x.ms}`)
          .join(', ')}`,
      );
    }
    lines.push('');
  }
  return lines;
}

function ratioLines(r: Report): string[] {
  const lines = ['## Ratios', '', '| ratio | value |', '| --- | ---: |'];
  for (const [k, v] of Object.entries(r.ratios)) lines.push(`| ${k} | ${v} |`);
  lines.push('', `Run took ${r.meta.durationS} s. Full figures: bench/results/latest.json.`, '');
  return lines;
}
