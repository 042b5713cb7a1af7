/**
 * Builds every contestant the way the dispatcher builds itself, so bundle size, parse time and import cost
 * compare like with like: the baselines go through esbuild with the dispatcher's own options (imported from
 * packages/dispatcher/scripts/bundle-options.ts, which bundle the AWS SDK too); "ours" is a copy of
 * the dispatcher's real dist/ (what infra deploys). Everything lands under bench/dist/contestants/<name>/,
 * so anything a build leaves external resolves from bench/node_modules alike.
 */
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { bundleOptions } from '../../packages/dispatcher/scripts/bundle-options.js';
import { BenchError } from './errors.js';
import { BENCH_DIR, CONTESTANTS_DIR, DISPATCHER_DIR, REPO_DIR, RUNNERS_DIR } from './paths.js';

export const BASELINES = ['naive', 'mjml-runtime', 'floor'] as const;
export type BaselineName = (typeof BASELINES)[number];
export type ContestantName = 'ours' | BaselineName;
export const CONTESTANTS: readonly ContestantName[] = ['ours', ...BASELINES];

/** Where a contestant's entry file is and how big its bundle is. */
export interface BuiltContestant {
  /** A contestant, the network section's floor probe, or the label of a `--variant` build measured as ours is. */
  name: string;
  dir: string;
  entry: string;
  /** All emitted JavaScript (no source maps). */
  files: { path: string; raw: number; gzip: number }[];
  metafile?: Metafile;
}

/** Which esbuild options were used and where they came from (recorded in latest.json). */
export interface BundleSettings {
  source: string;
  options: BuildOptions;
}

/**
 * The dispatcher's own esbuild settings (`packages/dispatcher/scripts/bundle-options.ts`), imported rather
 * than mirrored, so a change there reaches the baselines in the same run. Baselines get the options (format,
 * target, minify, splitting, externals, banner) but not the dispatcher's plugins: those rewrite modules of
 * the Encryption SDK and axios for our bundle only (bench/README.md, changes 2 and 4), and are part of what
 * "ours" is measured for.
 * @example const { options } = dispatcherBundleSettings();
 */
export function dispatcherBundleSettings(): BundleSettings {
  return {
    source:
      'imported: packages/dispatcher/scripts/bundle-options.ts#bundleOptions (baselines without its plugins)',
    options: { ...bundleOptions },
  };
}

/**
 * The output file of the `index` entry point. With code splitting, chunks reached through `import()` are
 * entry points in the metafile as well, so the entry is the one output at the top of `dir`, not under
 * `chunks/`.
 */
function entryOutput(metafile: Metafile, dir: string): string | undefined {
  return Object.entries(metafile.outputs).find(
    ([path, out]) =>
      out.entryPoint !== undefined && relative(dir, join(BENCH_DIR, path)).startsWith('index.'),
  )?.[0];
}

function moduleType(options: BuildOptions): 'module' | 'commonjs' {
  return options.format === 'cjs' ? 'commonjs' : 'module';
}

async function sizeOf(dir: string): Promise<BuiltContestant['files']> {
  const files: BuiltContestant['files'] = [];
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (/\.(c|m)?js$/.test(entry.name)) {
        const bytes = await readFile(full);
        files.push({ path: relative(dir, full), raw: bytes.length, gzip: gzipSync(bytes).length });
      }
    }
  };
  await walk(dir);
  return files;
}

/** Bundles `entryFile` as `<dir>/index.js` (plus chunks) and returns the entry path and the metafile. */
async function bundleInto(
  dir: string,
  entryFile: string,
  options: BuildOptions,
  what: string,
): Promise<{ entry: string; metafile: Metafile }> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const result = await build({
    ...options,
    entryPoints: { index: entryFile },
    outdir: dir,
    absWorkingDir: BENCH_DIR,
    metafile: true,
    write: true,
    logLevel: 'error',
  });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: moduleType(options) }));
  const entry = entryOutput(result.metafile, dir);
  if (!entry) throw new BenchError('BUNDLE_FAILED', `esbuild produced no entry for ${what}`);
  return { entry: join(BENCH_DIR, entry), metafile: result.metafile };
}

/**
 * Bundles one baseline with the dispatcher's settings.
 * @example await buildBaseline('naive', settings.options);
 */
export async function buildBaseline(
  name: BaselineName | 'network-floor',
  options: BuildOptions,
): Promise<BuiltContestant> {
  const dir = join(CONTESTANTS_DIR, name);
  const { entry, metafile } = await bundleInto(
    dir,
    join(BENCH_DIR, 'baselines', name, 'handler.ts'),
    options,
    `baseline ${name}`,
  );
  return { name, dir, entry, files: await sizeOf(dir), metafile };
}

/**
 * Copies the dispatcher's deployed artifact (packages/dispatcher/dist, or `from`: a scratch build being
 * evaluated) next to the baselines, as `ours` or as the label `as` of a `--variant` build.
 * @example await copyOurs(settings.options);
 */
export async function copyOurs(
  options: BuildOptions,
  from = join(DISPATCHER_DIR, 'dist'),
  as = 'ours',
): Promise<BuiltContestant> {
  const entryName = ['index.js', 'index.mjs', 'index.cjs'];
  let found: string | undefined;
  for (const name of entryName) {
    try {
      await stat(join(from, name));
      found = name;
      break;
    } catch {
      // try the next extension
    }
  }
  if (!found) {
    throw new BenchError(
      'OURS_NOT_BUILT',
      `no index.js in ${from}: run \`pnpm --filter @mailroom/dispatcher build\` there (pnpm bench does it via turbo for ours)`,
    );
  }
  const dir = join(CONTESTANTS_DIR, as);
  await rm(dir, { recursive: true, force: true });
  await cp(from, dir, { recursive: true });
  try {
    await stat(join(dir, 'package.json'));
  } catch {
    // In its home the bundle takes its module type from packages/dispatcher/package.json; keep that here.
    const pkg = JSON.parse(await readFile(join(DISPATCHER_DIR, 'package.json'), 'utf8')) as { type?: string };
    const type = found.endsWith('.cjs')
      ? 'commonjs'
      : found.endsWith('.mjs')
        ? 'module'
        : (pkg.type ?? 'commonjs');
    await writeFile(join(dir, 'package.json'), JSON.stringify({ type }));
  }
  void options;
  let metafile: Metafile | undefined;
  for (const candidate of ['meta.json', 'metafile.json']) {
    try {
      metafile = JSON.parse(await readFile(join(dir, candidate), 'utf8')) as Metafile;
      break;
    } catch {
      // the dispatcher may not write a metafile; sizes still come from the files
    }
  }
  return {
    name: as,
    dir,
    entry: join(dir, found),
    files: currentFiles(await sizeOf(dir), metafile),
    ...(metafile ? { metafile } : {}),
  };
}

/**
 * The files of this build: the dispatcher's dist/ keeps the previous build's hashed chunks one build longer
 * (a running studio may still load them; scripts/bundle.ts), so the metafile says which files are current.
 */
function currentFiles(
  files: BuiltContestant['files'],
  metafile: Metafile | undefined,
): BuiltContestant['files'] {
  if (!metafile) return files;
  const outputs = Object.keys(metafile.outputs);
  return files.filter((f) => outputs.some((o) => o === f.path || o.endsWith(`/${f.path}`)));
}

/**
 * Bundles a harness runner (child-process script). Runners import only node built-ins, plus the
 * templates/dispatcher modules the micro runner measures, which are built with the dispatcher's options.
 * @example const path = await buildRunner('cold', {});
 */
export async function buildRunner(name: string, options: BuildOptions): Promise<string> {
  const { entry } = await bundleInto(
    join(RUNNERS_DIR, name),
    join(BENCH_DIR, 'src', 'child', `${name}.ts`),
    options,
    `runner ${name}`,
  );
  return entry;
}

/**
 * Resolves every import of a runner (`bench/src/child/*.ts`) as if the runner sat in `checkout`, another
 * checkout of this repo: `@mailroom/templates` and `packages/dispatcher/src/…` then come from that checkout's
 * sources and node_modules, so the micro runners measure a `--variant` build's code with today's harness.
 */
function checkoutPlugin(checkout: string): Plugin {
  const children = join(BENCH_DIR, 'src', 'child');
  return {
    name: 'bench-variant-checkout',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.pluginData === 'rerooted' || !args.importer.startsWith(children)) return undefined;
        const resolveDir = join(checkout, relative(REPO_DIR, args.resolveDir));
        return b.resolve(args.path, { kind: args.kind, resolveDir, pluginData: 'rerooted' });
      });
    },
  };
}

/**
 * Bundles runner `name` against another checkout of the repo (`checkout`, the root of a `--variant` build's
 * tree) into `runners/<name>-<label>/`.
 * @example await buildRunnerAgainst('micro-render', settings.options, '/work/wt/baseline', 'before');
 */
export async function buildRunnerAgainst(
  name: string,
  options: BuildOptions,
  checkout: string,
  label: string,
): Promise<string> {
  const { entry } = await bundleInto(
    join(RUNNERS_DIR, `${name}-${label}`),
    join(BENCH_DIR, 'src', 'child', `${name}.ts`),
    { ...options, plugins: [...(options.plugins ?? []), checkoutPlugin(checkout)] },
    `runner ${name} against ${checkout}`,
  );
  return entry;
}

/** The plain settings for runners that measure nothing of their own (cold, warm). */
export const RUNNER_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: false,
};
