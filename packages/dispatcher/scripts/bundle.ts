/**
 * Builds the deployable artifact into `dist/`: `index.js` (the ES module exporting `handler`, Lambda handler
 * string `index.handler`), `chunks/*.js` (one per provider SDK plus shared chunks, loaded by `import()` only
 * when configured), a source map per file, `meta.json` (esbuild metafile) and `package.json` (marks the folder
 * as ESM, because Lambda deploys `dist/` without our package.json). Infra deploys this folder; bench measures
 * it. The esbuild settings and their reasons live in `scripts/bundle-options.ts`.
 *
 * Usage: `pnpm --filter @mailroom/dispatcher bundle`
 */

import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { DISPATCHER_ROOT, dispatcherBuildOptions } from './bundle-options.js';

const root = DISPATCHER_ROOT;
const dist = join(root, 'dist');
const outfile = join(dist, 'index.js');

async function main(): Promise<void> {
  const registry = join(root, '..', 'templates', 'dist', 'registry.js');
  try {
    await readFile(registry);
  } catch {
    throw new Error(
      `template registry not built (${relative(root, registry)}): run pnpm --filter @mailroom/templates build first`,
    );
  }

  const chunks = join(dist, 'chunks');
  // The chunks the build before this one referenced: kept one generation, so a long-running process that
  // imported the previous index.js (the studio) can still lazily load its provider chunks.
  const previousChunks = await chunksOf(join(dist, 'meta.json'));
  await mkdir(chunks, { recursive: true });
  const started = performance.now();
  const result = await build(dispatcherBuildOptions());
  const files: [string, string | Uint8Array][] = [
    ...result.outputFiles.map((f): [string, Uint8Array] => [f.path, f.contents]),
    [join(dist, 'meta.json'), JSON.stringify(result.metafile)],
    [join(dist, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`],
  ];
  // Maps, metadata and chunks first, the entry module last: whoever sees the new index.js finds every chunk
  // and map it refers to. Chunk names carry content hashes, so writing them never replaces a file in use.
  files.sort(([a], [b]) => Number(a === outfile) - Number(b === outfile));
  for (const [path, contents] of files) await writeAtomically(path, contents);
  // Then drop chunks neither this build nor the previous one references (stale hashes accumulate otherwise).
  const keep = new Set([...previousChunks, ...(await chunksOf(join(dist, 'meta.json')))]);
  for (const name of await readdir(chunks)) {
    if (!keep.has(name)) await rm(join(chunks, name), { force: true });
  }

  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const packageOf = (path: string) =>
    /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ??
    (path.includes('templates/dist') ? '@mailroom/templates (registry)' : 'mailroom');
  console.log(`dist/ built in ${Math.round(performance.now() - started)} ms`);
  // Every emitted module with its largest packages: index.js is what each cold start parses, a chunk only
  // what its provider or code path loads.
  const modules = Object.entries(result.metafile.outputs)
    .filter(([path]) => path.endsWith('.js'))
    .sort(([a], [b]) => Number(b === 'dist/index.js') - Number(a === 'dist/index.js') || a.localeCompare(b));
  for (const [path, output] of modules) {
    const code = await readFile(join(root, path));
    const byPackage = new Map<string, number>();
    for (const [input, info] of Object.entries(output.inputs)) {
      byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + info.bytesInOutput);
    }
    const top = [...byPackage.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, path === 'dist/index.js' ? 8 : 3)
      .map(([name, bytes]) => `${name} ${kb(bytes)}`);
    console.log(`${path}: ${kb(code.length)} raw, ${kb(gzipSync(code).length)} gzip  (${top.join(', ')})`);
  }
}

/** File names under `dist/chunks/` (chunks and their maps) that a build's metafile lists. */
async function chunksOf(metafile: string): Promise<string[]> {
  let outputs: Record<string, unknown>;
  try {
    outputs = (JSON.parse(await readFile(metafile, 'utf8')) as { outputs: Record<string, unknown> }).outputs;
  } catch {
    return [];
  }
  const names = Object.keys(outputs)
    .filter((path) => path.startsWith('dist/chunks/'))
    .map((path) => path.slice('dist/chunks/'.length));
  return [...names, ...names.map((name) => `${name}.map`)];
}

async function writeAtomically(path: string, contents: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
