/**
 * Just enough source-map reading to say which npm package a bundle's bytes and CPU time belong to:
 * decodes the VLQ `mappings` of a v3 source map and looks positions up by generated line and column.
 */
import { readFile } from 'node:fs/promises';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** One decoded segment: generated column and the index of its source (or -1 when unmapped). */
type Segment = [genCol: number, source: number];

export interface DecodedMap {
  sources: string[];
  /** Per generated line (0-based), segments sorted by column. */
  lines: Segment[][];
}

function decodeVlq(text: string, pos: { i: number }): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    const digit = B64_INDEX.get(text[pos.i] ?? '');
    pos.i += 1;
    if (digit === undefined) throw new Error('bad VLQ in source map');
    result += (digit & 31) << shift;
    if ((digit & 32) === 0) break;
    shift += 5;
  }
  return result & 1 ? -(result >>> 1) : result >>> 1;
}

/**
 * Decodes a source map file (only what package attribution needs: columns and sources).
 * @example const map = await readSourceMap('dist/index.js.map');
 */
export async function readSourceMap(path: string): Promise<DecodedMap> {
  const raw = JSON.parse(await readFile(path, 'utf8')) as { sources: string[]; mappings: string };
  const lines: Segment[][] = [];
  let source = 0;
  const pos = { i: 0 };
  const text = raw.mappings;
  for (const lineText of text.split(';')) {
    const segments: Segment[] = [];
    let col = 0;
    if (lineText.length > 0) {
      for (const seg of lineText.split(',')) {
        pos.i = 0;
        col += decodeVlq(seg, pos);
        if (pos.i < seg.length) {
          source += decodeVlq(seg, pos);
          // Original line / column / name are not needed for package attribution.
          segments.push([col, source]);
        } else {
          segments.push([col, -1]);
        }
      }
    }
    lines.push(segments);
  }
  return { sources: raw.sources, lines };
}

/**
 * The source file a generated position comes from, or undefined.
 * @example sourceAt(map, 0, 1234) // '../../node_modules/.pnpm/axios@1.x/node_modules/axios/lib/core/Axios.js'
 */
export function sourceAt(map: DecodedMap, line: number, column: number): string | undefined {
  const segments = map.lines[line];
  if (!segments || segments.length === 0) return undefined;
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const seg = segments[mid] as Segment;
    if (seg[0] <= column) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (found < 0) return undefined;
  const idx = (segments[found] as Segment)[1];
  return idx >= 0 ? map.sources[idx] : undefined;
}

/**
 * The npm package a path belongs to (`@scope/name` or `name`), or a workspace label.
 * @example packageOf('../node_modules/.pnpm/bn.js@4.12.5/node_modules/bn.js/lib/bn.js') // 'bn.js'
 */
export function packageOf(path: string): string {
  const marker = 'node_modules/';
  const at = path.lastIndexOf(marker);
  if (at >= 0) {
    const rest = path.slice(at + marker.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? path);
  }
  const ws = /(?:^|\/)(packages\/[^/]+|bench\/baselines\/[^/]+|bench\/src)\//.exec(path);
  if (ws?.[1]) return `(workspace) ${ws[1]}`;
  if (path.startsWith('node:')) return '(node built-ins)';
  return path;
}

/**
 * Bytes of a generated file attributed to each package through its source map.
 * @example const sizes = bytesByPackage(code, map); // { 'axios': 123456, … }
 */
export function bytesByPackage(code: string, map: DecodedMap): Record<string, number> {
  const out: Record<string, number> = {};
  const lines = code.split('\n');
  lines.forEach((text, lineNo) => {
    const segments = map.lines[lineNo] ?? [];
    if (segments.length === 0) {
      out['(unmapped)'] = (out['(unmapped)'] ?? 0) + text.length + 1;
      return;
    }
    segments.forEach((seg, k) => {
      const end = (segments[k + 1]?.[0] ?? text.length) as number;
      const name = seg[1] >= 0 ? packageOf(map.sources[seg[1]] ?? '') : '(unmapped)';
      out[name] = (out[name] ?? 0) + Math.max(0, end - seg[0]);
    });
  });
  return out;
}
