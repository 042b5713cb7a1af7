/**
 * `invoke` and "Send test" run the deployable bundle, so it has to exist and be current. When the template
 * registry or the dispatcher bundle is missing or older than its sources, build it (with a progress line)
 * through the packages' own `build` scripts instead of failing, with or without pnpm on PATH.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { StudioError } from '../errors.js';
import {
  DISPATCHER_BUNDLE,
  DISPATCHER_PACKAGE_DIR,
  REPO_ROOT,
  TEMPLATE_REGISTRY,
  TEMPLATES_PACKAGE_DIR,
  WATCHED_FOLDERS,
} from '../paths.js';
import { progress } from './output.js';

async function newestMtime(paths: string[]): Promise<number> {
  let newest = 0;
  const visit = async (path: string): Promise<void> => {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      return;
    }
    if (info.isDirectory()) {
      const names = await readdir(path);
      await Promise.all(
        names.filter((n) => n !== 'node_modules' && !n.startsWith('.')).map((n) => visit(join(path, n))),
      );
    } else if (info.mtimeMs > newest) {
      newest = info.mtimeMs;
    }
  };
  await Promise.all(paths.map(visit));
  return newest;
}

async function mtime(file: string): Promise<number> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

/** The one command that works wherever the README's does, named in every "run this instead" message. */
const PNPM = 'npx -y pnpm@10.34.8';

/** tsx's ESM loader, resolved from the studio (which depends on tsx), for `node --import`. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A process that runs one package's `build` script. */
export interface BuildCommand {
  command: string;
  args: string[];
  cwd: string;
}

/**
 * How to run a package's `build` script with no package manager on PATH. The script itself stays the source
 * of truth: `tsx <entry>` (what both builds are) runs as `node --import <tsx loader> <entry>` in the package
 * folder, as pnpm would run it. Anything else needs the package manager: the one that started us
 * (`npm_execpath`, set by `pnpm mailroom …`), else a one-line error naming the command to run.
 * @example await buildCommand(TEMPLATES_PACKAGE_DIR, '@mailroom/templates') // { command: node, args: ['--import', …] }
 */
export async function buildCommand(
  packageDir: string,
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BuildCommand> {
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const script = manifest.scripts?.build ?? '';
  const entry = /^tsx\s+(\S+)$/.exec(script.trim())?.[1];
  if (entry) {
    return { command: process.execPath, args: ['--import', TSX_LOADER, entry], cwd: packageDir };
  }
  const execPath = env.npm_execpath;
  if (execPath && /pnpm/.test(execPath) && existsSync(execPath)) {
    return { command: process.execPath, args: [execPath, '--filter', name, 'run', 'build'], cwd: REPO_ROOT };
  }
  throw new StudioError(
    `cannot run the ${name} build ("${script}") without pnpm; run: ${PNPM} --filter ${name} build`,
    { code: 'BUILD_FAILED' },
  );
}

async function runBuild(packageDir: string, name: string): Promise<void> {
  const { command, args, cwd } = await buildCommand(packageDir, name);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', (error) =>
      reject(
        new StudioError(
          `could not start the ${name} build (${error.message}); run: ${PNPM} --filter ${name} build`,
          { code: 'BUILD_FAILED', cause: error },
        ),
      ),
    );
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const tail = output.trim().split('\n').slice(-15).join('\n');
      reject(
        new StudioError(`the ${name} build failed (exit ${code}):\n${tail}`, {
          code: 'BUILD_FAILED',
        }),
      );
    });
  });
}

const LOCK_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'mailroom-prebuild.lock');
/** A build takes seconds; a lock older than this was left by a killed process. */
const STALE_LOCK_MS = 5 * 60_000;

/**
 * Two `invoke`s (or a test run and a terminal) must not bundle into the same file at once: `mkdir` is atomic,
 * so it serves as a cross-process lock. Waiters re-check freshness afterwards, so only one of them builds.
 */
async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  await mkdir(join(LOCK_DIR, '..'), { recursive: true });
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await mtime(LOCK_DIR));
      if (age > STALE_LOCK_MS) await rm(LOCK_DIR, { recursive: true, force: true });
      else await delay(200);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(LOCK_DIR, { recursive: true, force: true });
  }
}

export interface PrebuildOptions {
  /** Only report what is missing; never build (`--no-build`). */
  skip?: boolean;
}

/**
 * Makes sure `packages/templates/dist/registry.js` and `packages/dispatcher/dist/index.js` exist and are
 * newer than their sources; builds what is not.
 * @example await ensureDispatcherBundle();
 */
export async function ensureDispatcherBundle(options: PrebuildOptions = {}): Promise<void> {
  if (options.skip) return ensureBuiltUnlocked(options);
  return withBuildLock(() => ensureBuiltUnlocked(options));
}

/** One build output: what it is built from, and what to say when it is missing, stale or being built. */
interface Artifact {
  output: string;
  sources: () => Promise<number>;
  packageDir: string;
  packageName: string;
  missing: string;
  building: string;
  rebuilding: string;
  done?: string;
}

const REGISTRY: Artifact = {
  output: TEMPLATE_REGISTRY,
  sources: () =>
    newestMtime([
      ...WATCHED_FOLDERS.map((f) => join(TEMPLATES_PACKAGE_DIR, f)),
      join(TEMPLATES_PACKAGE_DIR, 'src'),
    ]),
  packageDir: TEMPLATES_PACKAGE_DIR,
  packageName: '@mailroom/templates',
  missing: 'the template registry is not built',
  building: 'Building the template registry',
  rebuilding: 'Rebuilding the template registry (sources changed)',
};

const BUNDLE: Artifact = {
  output: DISPATCHER_BUNDLE,
  sources: () =>
    newestMtime([
      join(DISPATCHER_PACKAGE_DIR, 'src'),
      join(REPO_ROOT, 'packages', 'shared-types', 'src'),
      join(TEMPLATES_PACKAGE_DIR, 'src'),
      TEMPLATE_REGISTRY,
    ]),
  packageDir: DISPATCHER_PACKAGE_DIR,
  packageName: '@mailroom/dispatcher',
  missing: 'the dispatcher bundle is not built',
  building: 'Bundling the dispatcher',
  rebuilding: 'Re-bundling the dispatcher (sources or templates changed)',
  done: 'packages/dispatcher/dist/index.js',
};

/** Builds `artifact` when it is missing or older than its sources; with `skip`, only refuses a missing one. */
async function ensureArtifact(artifact: Artifact, skip: boolean): Promise<void> {
  const builtAt = await mtime(artifact.output);
  if (builtAt !== 0 && builtAt >= (await artifact.sources())) return;
  if (skip) {
    if (builtAt === 0) {
      throw new StudioError(`${artifact.missing}; run: ${PNPM} --filter ${artifact.packageName} build`, {
        code: 'BUILD_FAILED',
      });
    }
    return;
  }
  const step = progress(builtAt === 0 ? artifact.building : artifact.rebuilding);
  try {
    await runBuild(artifact.packageDir, artifact.packageName);
    step.done(artifact.done);
  } catch (error) {
    step.fail();
    throw error;
  }
}

/** The registry first: the bundle embeds it. */
async function ensureBuiltUnlocked(options: PrebuildOptions): Promise<void> {
  await ensureArtifact(REGISTRY, options.skip === true);
  await ensureArtifact(BUNDLE, options.skip === true);
}
