/**
 * The after/before section of `pnpm --filter @mailroom/bench bench --variant=<label>=<dist dir>`: ours (after) against each variant
 * build (before), both measured in the same interleaved run. Every target and ratio of the report with each
 * build in ours' place, then every figure the report gives for ours, with after / before and, where the figure
 * is a distribution, both p25–p75 ranges: ranges that overlap mean the move is within this run's noise.
 */
import type { MicroFigures, Report } from './report.js';
import type { Summary } from './stats.js';

/** One figure of ours and of the variant; `spread` when it is a median of a distribution. */
interface Row {
  figure: string;
  after: number | undefined;
  before: number | undefined;
  digits?: number;
  spread?: { after: Summary | undefined; before: Summary | undefined };
}

const fmt = (v: number | undefined, digits = 1) =>
  v === undefined || !Number.isFinite(v) ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits });
const over = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || !(b > 0) ? '–' : (a / b).toFixed(3);
const kb = (v: number | undefined) => (v === undefined ? undefined : v / 1024);

/** "overlap" when the two p25–p75 ranges share a value, else which side is lower. */
function spreadCell(row: Row): string {
  const a = row.spread?.after;
  const b = row.spread?.before;
  if (!a || !b) return '';
  const d = row.digits;
  const ranges = `${fmt(a.p25, d)}–${fmt(a.p75, d)} · ${fmt(b.p25, d)}–${fmt(b.p75, d)}`;
  const overlap = a.p25 <= b.p75 && b.p25 <= a.p75;
  return `${ranges} (${overlap ? 'overlap' : 'apart'})`;
}

function median(s: Summary | undefined, figure: string, b: Summary | undefined): Row {
  return { figure, after: s?.median, before: b?.median, spread: { after: s, before: b } };
}

function bundleRows(r: Report, label: string): Row[] {
  const a = r.bundle.ours;
  const b = r.bundle[label];
  return [
    { figure: 'bundle raw KB (every emitted .js)', after: kb(a?.raw), before: kb(b?.raw) },
    { figure: 'bundle gzip KB', after: kb(a?.gzip), before: kb(b?.gzip) },
    { figure: 'loaded for one event, raw KB', after: kb(a?.loadedRaw), before: kb(b?.loadedRaw) },
    { figure: 'loaded for one event, gzip KB', after: kb(a?.loadedGzip), before: kb(b?.loadedGzip) },
    { figure: 'files (all)', after: a?.files.length, before: b?.files.length, digits: 0 },
    {
      figure: 'files loaded for one event',
      after: a?.files.filter((f) => f.loaded).length,
      before: b?.files.filter((f) => f.loaded).length,
      digits: 0,
    },
  ];
}

function coldRows(r: Report, label: string): Row[] {
  const a = r.cold.ours;
  const b = r.cold[label];
  return [
    median(a?.wallMs, 'cold start wall ms (median)', b?.wallMs),
    median(a?.cpuMs, 'cold start CPU ms', b?.cpuMs),
    median(a?.loadMs, 'cold import ms', b?.loadMs),
    median(a?.firstInvokeMs, 'cold first invoke ms', b?.firstInvokeMs),
    median(a?.peakRssMb, 'cold peak RSS MB', b?.peakRssMb),
  ];
}

function warmRows(r: Report, label: string): Row[] {
  const a = r.warm.ours;
  const b = r.warm[label];
  return [
    median(a?.codeTriggers, 'warm p50 ms (code triggers)', b?.codeTriggers),
    { figure: 'warm p99 ms', after: a?.codeTriggers.p99, before: b?.codeTriggers.p99, digits: 2 },
    median(a?.cpuPerInvocation, 'warm CPU ms per invocation', b?.cpuPerInvocation),
    { figure: 'inv/s sequential', after: a?.throughput.sequentialPerS, before: b?.throughput.sequentialPerS },
    { figure: 'inv per CPU-s', after: a?.throughput.perCpuSecond, before: b?.throughput.perCpuSecond },
    {
      figure: 'burst inv/s (concurrency 16)',
      after: a?.throughput.burstPerS ?? undefined,
      before: b?.throughput.burstPerS ?? undefined,
    },
  ];
}

function memoryRows(r: Report, label: string): Row[] {
  const a = r.memory;
  const b = r.variants[label]?.memory;
  const last = String(a?.iterations ?? '');
  const rows: Row[] = [];
  for (const at of new Set(['1', '200', last])) {
    rows.push({
      figure: `RSS MB after invocation ${at} (after a full GC)`,
      after: a?.rssMb?.[at],
      before: b?.rssMb?.[at],
    });
  }
  rows.push(
    {
      figure: `peak RSS MB by invocation ${last}`,
      after: a?.peakRssMb?.[last],
      before: b?.peakRssMb?.[last],
    },
    {
      figure: `heap used MB at invocation ${last}`,
      after: a?.heapUsedMb?.[last],
      before: b?.heapUsedMb?.[last],
    },
  );
  return rows;
}

function microRows(ours: MicroFigures, variant: MicroFigures | undefined): Row[] {
  const rows: Row[] = [
    { ...median(ours.payload?.ms, 'payload-building-only ms', variant?.payload?.ms), digits: 3 },
  ];
  for (const [id, t] of Object.entries(ours.render)) {
    rows.push({ ...median(t.ms, `render-only \`${id}\` ms`, variant?.render[id]?.ms), digits: 3 });
  }
  return rows;
}

function ratioLines(r: Report, label: string): string[] {
  const v = r.variantResults[label];
  const lines = [
    `| target or ratio | ours (after) | ${label} (before) | after / before |`,
    '| --- | ---: | ---: | ---: |',
  ];
  for (const t of r.targets) {
    const b = v?.targets.find((x) => x.id === t.id);
    const verdict = (x: { value: number; pass: boolean } | undefined) =>
      x ? `${fmt(x.value, 3)} ${x.pass ? 'PASS' : 'MISS'}` : '–';
    lines.push(
      `| ${t.description} (${t.comparison} ${t.limit}) | ${verdict(t)} | ${verdict(b)} | ${over(t.value, b?.value)} |`,
    );
  }
  for (const [key, value] of Object.entries(r.ratios)) {
    const b = v?.ratios[key];
    lines.push(`| ${key} | ${fmt(value, 3)} | ${fmt(b, 3)} | ${over(value, b)} |`);
  }
  return lines;
}

/**
 * The after/before section, one per `--variant` build (empty without one).
 * @example lines.push(...afterBeforeLines(report));
 */
export function afterBeforeLines(r: Report): string[] {
  const lines: string[] = [];
  for (const label of Object.keys(r.variants)) {
    const rows = [
      ...bundleRows(r, label),
      ...coldRows(r, label),
      ...warmRows(r, label),
      ...memoryRows(r, label),
      ...microRows(r.micro, r.variants[label]?.micro),
    ];
    lines.push(
      `## After / before: ours against \`${label}\` (same run, interleaved)`,
      '',
      ...ratioLines(r, label),
      '',
      `| figure | ours (after) | ${label} (before) | after / before | p25–p75 after · before |`,
      '| --- | ---: | ---: | ---: | --- |',
      ...rows.map(
        (row) =>
          `| ${row.figure} | ${fmt(row.after, row.digits)} | ${fmt(row.before, row.digits)} | ${over(row.after, row.before)} | ${spreadCell(row)} |`,
      ),
      '',
    );
  }
  return lines;
}
