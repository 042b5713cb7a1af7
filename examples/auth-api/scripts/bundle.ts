/**
 * Bundles the Lambda entry (src/lambda.ts) into `dist/lambda/index.mjs`, the folder the example stack in
 * packages/infra deploys (handler `index.handler`). The same choices as the dispatcher's bundle
 * (packages/dispatcher/scripts/bundle-options.ts): ESM for Node 22, every dependency inlined (the AWS SDK too:
 * the runtime's embedded SDK "may change without notice"), a `require` defined for CommonJS dependencies
 * that load Node built-ins, and no NODE_OPTIONS (no `--enable-source-maps`: it costs cold-start time,
 * packages/infra/src/runtime.ts).
 *
 * Usage: `pnpm --filter @mailroom/example-auth-api build`
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'lambda');

const REQUIRE_BANNER = [
  "import { createRequire as __authApiCreateRequire } from 'node:module';",
  'const require = __authApiCreateRequire(import.meta.url);',
].join('\n');

async function main(): Promise<void> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const started = performance.now();
  const result = await build({
    entryPoints: [join(root, 'src', 'lambda.ts')],
    outfile: join(outdir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    // Prefer the packages' ES module builds (the SDK's dist-es), as the dispatcher's bundle does.
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_BANNER },
    legalComments: 'none',
    // No source map in the deployed folder: nothing would load it (no --enable-source-maps) and it would
    // double the upload; the metafile (dist/lambda-meta.json) says what went in.
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
  });
  await writeFile(join(root, 'dist', 'lambda-meta.json'), JSON.stringify(result.metafile));
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  console.log(
    `dist/lambda built in ${Math.round(performance.now() - started)} ms (${(bytes / 1024).toFixed(1)} KB)`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
