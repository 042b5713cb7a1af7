/**
 * The dispatcher's esbuild settings, importable without running a build: `scripts/bundle.ts` builds with
 * them, and the bench harness can bundle its baselines with the very same settings instead of a mirror.
 *
 * Format decision: ESM, because top-level await lets `src/lambda.ts` run the cold-start work (config
 * parsing, secret, provider clients) inside Lambda's init phase, so invalid configuration fails init with one
 * message. ESM output breaks CommonJS dependencies that `require()` Node built-ins (`Dynamic require of
 * "util"` from SendGrid/axios, nodemailer, pino), so the banner defines `require` via `createRequire`.
 *
 * Everything is inlined, `@aws-sdk/*` included: the Lambda runtime's embedded SDK "may change without
 * notice", so production would otherwise run an SDK the tests never ran (issue 12). The bundled version is
 * stamped into the build (`AWS_SDK_VERSION`, logged once per cold start).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Plugin } from 'esbuild';
import {
  axiosNoUndiciAtLoad,
  fastEccDecode,
  nativeReadableStream,
  noBrowserUserAgentParser,
  nodeFormDataForAxios,
  pinoWithoutTransports,
} from './bundle-plugins.js';

/** The dispatcher package folder. */
export const DISPATCHER_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The installed AWS SDK version the bundle inlines (every client is pinned to the same release). */
export const BUNDLED_AWS_SDK_VERSION: string = (
  JSON.parse(
    readFileSync(
      createRequire(join(DISPATCHER_ROOT, 'package.json')).resolve('@aws-sdk/client-kms/package.json'),
      'utf8',
    ),
  ) as { version: string }
).version;

const REQUIRE_BANNER = [
  "import { createRequire as __mailroomCreateRequire } from 'node:module';",
  'const require = __mailroomCreateRequire(import.meta.url);',
].join('\n');

/**
 * Settings that decide what the bundle is (no paths, no plugins). Code splitting needs `outdir` (not
 * `outfile`) and ESM output.
 * @example await build({ ...bundleOptions, entryPoints: ['handler.ts'], outdir: 'out' });
 */
export const bundleOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  // Code splitting: every provider module behind `import()` becomes its own chunk (plus shared chunks), so a
  // cold start parses only the configured SDKs, not mailgun.js, nodemailer and Brevo as well (bench/README.md
  // change 3). Entry stays `index.js` (Lambda handler `index.handler`); chunk names carry content hashes and
  // their file's name (the main chunk is `main-<hash>.js` because src/main.ts, not index.ts, is what the entry
  // imports: a chunk of an `index` file gets an empty name).
  splitting: true,
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  define: { __MAILROOM_AWS_SDK_VERSION__: JSON.stringify(BUNDLED_AWS_SDK_VERSION) },
  banner: { js: REQUIRE_BANNER },
  logLevel: 'warning',
};

/**
 * The dispatcher-specific plugins (scripts/bundle-plugins.ts). Each fails a build that does not contain
 * the module it rewrites, so only add them to bundles that include the Encryption SDK, axios, pino and the AWS SDK.
 * @example await build({ ...bundleOptions, plugins: bundlePlugins(), … });
 */
export function bundlePlugins(): Plugin[] {
  return [
    fastEccDecode(),
    nodeFormDataForAxios(),
    axiosNoUndiciAtLoad(),
    nativeReadableStream(),
    pinoWithoutTransports(),
    noBrowserUserAgentParser(),
  ];
}

/**
 * The complete options `scripts/bundle.ts` builds `dist/` with (in memory: it writes the files itself).
 * @example const result = await build(dispatcherBuildOptions());
 */
export function dispatcherBuildOptions(): BuildOptions & { metafile: true; write: false } {
  return {
    ...bundleOptions,
    absWorkingDir: DISPATCHER_ROOT,
    entryPoints: [join(DISPATCHER_ROOT, 'src', 'lambda.ts')],
    outdir: join(DISPATCHER_ROOT, 'dist'),
    metafile: true,
    // bundle.ts writes the files via rename, so a test or dev server importing dist/index.js meanwhile never
    // sees a missing or half-written file.
    write: false,
    plugins: bundlePlugins(),
  };
}
