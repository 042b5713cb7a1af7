/**
 * Builds the deployable artifact: `dist/index.js` (+ `.map`), one self-contained ES module exporting
 * `handler` (Lambda handler string `index.handler`). Infra deploys this folder; bench measures this file.
 *
 * Format decision: ESM, because top-level await lets `src/lambda.ts` run the cold-start work (config
 * parsing, secret, provider clients) inside Lambda's init phase, so invalid configuration fails init with one
 * message. ESM output breaks CommonJS dependencies that `require()` Node built-ins (`Dynamic require of
 * "util"` from SendGrid/axios, nodemailer, pino), so the banner defines `require` via `createRequire`.
 * `dist/package.json` marks the folder as ESM, because Lambda deploys `dist/` without our package.json.
 *
 * `@aws-sdk/*` stays external (the Lambda runtime ships it). Those packages have no `exports` map, so both
 * our ESM imports and the Encryption SDK's `require()` load the same CommonJS build (one copy in memory).
 * Everything else, including the compiled template registry, is inlined.
 *
 * Usage: `pnpm --filter @mailroom/dispatcher bundle`
 */

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { fastEccDecode } from './bundle-plugins.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outfile = join(dist, 'index.js');

const REQUIRE_BANNER = [
  "import { createRequire as __mailroomCreateRequire } from 'node:module';",
  'const require = __mailroomCreateRequire(import.meta.url);',
].join('\n');

async function main(): Promise<void> {
  const registry = join(root, '..', 'templates', 'dist', 'registry.js');
  try {
    await readFile(registry);
  } catch {
    throw new Error(
      `template registry not built (${relative(root, registry)}): run pnpm --filter @mailroom/templates build first`,
    );
  }

  await mkdir(dist, { recursive: true });
  const started = performance.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'src', 'lambda.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    // No code splitting: one file. Provider modules behind `import()` become lazily initialised sections,
    // so an SDK is evaluated only when its provider is configured.
    splitting: false,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
    // Written below via rename, so a test or dev server importing dist/index.js meanwhile never sees a
    // missing or half-written file.
    write: false,
    legalComments: 'none',
    external: ['@aws-sdk/*'],
    banner: { js: REQUIRE_BANNER },
    logLevel: 'warning',
    plugins: [fastEccDecode()],
  });
  const files: [string, string | Uint8Array][] = [
    ...result.outputFiles.map((f): [string, Uint8Array] => [f.path, f.contents]),
    [join(dist, 'meta.json'), JSON.stringify(result.metafile)],
    [join(dist, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`],
  ];
  // The map and metadata first, the module last: whoever sees the new index.js finds its map too.
  files.sort(([a], [b]) => Number(a === outfile) - Number(b === outfile));
  for (const [path, contents] of files) await writeAtomically(path, contents);

  const code = await readFile(outfile);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const output = result.metafile.outputs[relative(root, outfile)];
  const inputs = Object.entries(output?.inputs ?? {})
    .map(([path, info]) => ({ path, bytes: info.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  const byPackage = new Map<string, number>();
  for (const { path, bytes } of inputs) {
    const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
    const key =
      match?.[1] ?? (path.includes('templates/dist') ? '@mailroom/templates (registry)' : 'mailroom');
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytes);
  }
  const top = [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(
    `dist/index.js: ${kb(code.length)} raw, ${kb(gzipSync(code).length)} gzip ` +
      `(${Math.round(performance.now() - started)} ms)`,
  );
  for (const [name, bytes] of top) console.log(`  ${name.padEnd(40)} ${kb(bytes)}`);
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
