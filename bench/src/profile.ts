/**
 * Attribution of a cold start's CPU time (`node --cpu-prof`) and of a bundle's bytes to npm packages, via
 * the bundle's source map: the evidence behind bench/README.md's recommendations.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesByPackage, type DecodedMap, packageOf, readSourceMap, sourceAt } from './sourcemap.js';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Attribution {
  totalMs: number;
  /** Self time per package (or pseudo-entry like `(garbage collector)`), ms, largest first. */
  byPackage: { name: string; ms: number }[];
}

/**
 * Self time per package for one CPU profile of a process that loaded `bundle`: every file of the bundle's
 * folder (the entry and, with code splitting, its chunks) is mapped through its own `.map`.
 * @example const a = await attributeProfile('dist/profiles/cold-ours.cpuprofile', 'dist/contestants/ours/index.js');
 */
export async function attributeProfile(profilePath: string, bundle: string): Promise<Attribution> {
  const profile = JSON.parse(await readFile(profilePath, 'utf8')) as CpuProfile;
  const paths = new Set<string>();
  for (const node of profile.nodes) paths.add(pathOf(node.callFrame.url));
  const maps = new Map<string, DecodedMap | null>();
  for (const path of paths) {
    if (path.startsWith(`${dirname(bundle)}/`)) maps.set(path, await readMapIfPresent(path));
  }
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const out = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const name = ownerOf(node.callFrame, maps);
    out.set(name, (out.get(name) ?? 0) + us / 1000);
  }
  const byPackage = [...out.entries()]
    .map(([name, ms]) => ({ name, ms: Math.round(ms * 10) / 10 }))
    .sort((a, b) => b.ms - a.ms);
  return { totalMs: Math.round((profile.endTime - profile.startTime) / 100) / 10, byPackage };
}

/** The bundle's decoded source map, or null when `<bundle>.map` is missing or unreadable. */
async function readMapIfPresent(bundle: string): Promise<DecodedMap | null> {
  try {
    await stat(`${bundle}.map`);
    return await readSourceMap(`${bundle}.map`);
  } catch {
    return null;
  }
}

function pathOf(url: string): string {
  return url.startsWith('file:') ? fileURLToPath(url) : url;
}

/**
 * Who a profiled frame's self time is charged to: a package, or a pseudo-entry like `(node built-ins)`.
 * `maps` holds the bundle's files (entry and chunks), each with its source map or null.
 */
function ownerOf(frame: CpuProfileNode['callFrame'], maps: Map<string, DecodedMap | null>): string {
  const { url, lineNumber, columnNumber, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return '(node built-ins)';
  const path = pathOf(url);
  const map = maps.get(path);
  if (map) {
    const source = sourceAt(map, lineNumber, columnNumber);
    return source ? packageOf(source) : '(bundle, unmapped)';
  }
  if (map === null) return '(bundle, no source map)';
  if (path.includes('/bench/dist/runners/')) return '(bench runner)';
  return packageOf(path);
}

/**
 * Bytes of a bundle per package (through its source map), largest first.
 * @example await bundleComposition('dist/contestants/naive/index.js')
 */
export async function bundleComposition(bundle: string): Promise<{ name: string; bytes: number }[]> {
  try {
    const [code, map] = await Promise.all([readFile(bundle, 'utf8'), readSourceMap(`${bundle}.map`)]);
    return Object.entries(bytesByPackage(code, map))
      .map(([name, bytes]) => ({ name, bytes }))
      .sort((a, b) => b.bytes - a.bytes);
  } catch {
    return [];
  }
}

/**
 * Self time per package of one CPU profile of a process that loaded several bundled files (chunks), each
 * through its own source map (`<file>.map`); Node's own modules by path (`node:internal/tls/wrap`), V8's
 * pseudo-frames as they are (`(idle)`, `(garbage collector)`), our own code by source file.
 * @example const rows = await attributeByFile('dist/profiles/warm-ours.cpuprofile');
 */
export async function attributeByFile(profilePath: string): Promise<Map<string, number>> {
  const profile = JSON.parse(await readFile(profilePath, 'utf8')) as CpuProfile;
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const maps = new Map<string, Promise<DecodedMap | null>>();
  const out = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const name = await frameOwner(node.callFrame, maps);
    out.set(name, (out.get(name) ?? 0) + us / 1000);
  }
  return out;
}

async function frameOwner(
  frame: CpuProfileNode['callFrame'],
  maps: Map<string, Promise<DecodedMap | null>>,
): Promise<string> {
  const { url, lineNumber, columnNumber, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url;
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  if (path.includes('/bench/dist/runners/')) return '(bench runner)';
  if (!maps.has(path)) maps.set(path, readMapIfPresent(path));
  const map = await maps.get(path);
  const source = map ? sourceAt(map, lineNumber, columnNumber) : undefined;
  if (!source) return `(unmapped ${path.split('/').pop()})`;
  const owner = packageOf(source);
  return owner.startsWith('@mailroom/') || owner === 'mailroom'
    ? `${owner} ${source.split('/').slice(-2).join('/')}`
    : owner;
}
