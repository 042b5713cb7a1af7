/**
 * The Chromium that ships inside the `@sparticuz/chromium` npm package, made ready to launch on a machine that
 * has nothing but Node: the binary unpacked into the temp dir, and the shared libraries it needs beyond glibc
 * (NSS, NSPR, expat) taken from the same package, so no `libnss3` has to be installed.
 */

import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { brotliDecompressSync } from 'node:zlib';
import sparticuz from '@sparticuz/chromium';

/** An unpack takes seconds; a lock older than this was left by a killed run. */
const STALE_UNPACK_LOCK_MS = 120_000;

/** What `chromium.launch` needs for the bundled browser. */
export interface BundledChromium {
  executablePath: string;
  /** The package's recommended flags (headless shell, no sandbox, no zygote, …). */
  args: string[];
  /** LD_LIBRARY_PATH for the browser process only: the package's own NSS/NSPR/expat first. */
  libraryPath: string;
}

/**
 * `mkdir` is atomic, so it serves as a cross-process lock: `@sparticuz/chromium` writes straight into
 * `<tmpdir>/chromium` and trusts any file it finds there, so two runs unpacking at once could launch a
 * half-written binary. One run unpacks; the others wait, then find the finished files.
 */
async function withUnpackLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), 'mailroom-chromium-unpack.lock');
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = await stat(lock).then(
        (info) => info.mtimeMs,
        () => Date.now(),
      );
      if (Date.now() - since > STALE_UNPACK_LOCK_MS) await rm(lock, { recursive: true, force: true });
      else await delay(200);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** The package's `bin/` folder of brotli archives (its `executablePath(input)` documents that layout). */
function packageBinDir(): string {
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium'); // <pkg>/build/cjs/index.cjs
  return join(dirname(entry), '..', '..', 'bin');
}

/** Regular files of a ustar archive (the package's archives hold nothing else we need). */
function* tarFiles(tar: Buffer): Generator<{ name: string; data: Buffer }> {
  const text = (from: number, length: number, at: number) =>
    tar
      .subarray(at + from, at + from + length)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= tar.length; ) {
    const name = text(0, 100, at);
    if (!name) return;
    const prefix = text(345, 155, at);
    const size = Number.parseInt(text(124, 12, at).trim() || '0', 8);
    const type = tar[at + 156];
    // '0' or NUL: a regular file; directories, links and pax headers are skipped.
    if (type === 0x30 || type === 0) {
      yield { name: prefix ? `${prefix}/${name}` : name, data: tar.subarray(at + 512, at + 512 + size) };
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
}

/**
 * The package ships Chromium's NSS/NSPR/expat libraries for Amazon Linux 2023 (`al2023.tar.br`) and unpacks
 * them only there; they run on any newer glibc (checked on Debian 12), so unpack them everywhere and a machine
 * needs no `libnss3` of its own. Written to a staging folder and renamed: the folder exists only when complete.
 */
async function unpackLibraries(): Promise<string> {
  const dir = join(tmpdir(), 'mailroom-chromium-lib');
  if (existsSync(dir)) return dir;
  const tar = brotliDecompressSync(await readFile(join(packageBinDir(), 'al2023.tar.br')));
  const staging = `${dir}.${process.pid}.tmp`;
  await mkdir(staging, { recursive: true });
  for (const file of tarFiles(tar)) {
    if (file.name.startsWith('lib/')) await writeFile(join(staging, basename(file.name)), file.data);
  }
  await rename(staging, dir);
  return dir;
}

/**
 * Unpacks (first use, ~3 s; reused afterwards) and describes the npm-shipped Chromium. `fresh` deletes a
 * previous unpack first: a run killed mid-unpack leaves a truncated binary that would fail every later run.
 * @example const { executablePath, args, libraryPath } = await bundledChromium();
 */
export function bundledChromium(options: { fresh?: boolean } = {}): Promise<BundledChromium> {
  return withUnpackLock(async () => {
    if (options.fresh) {
      await rm(join(tmpdir(), 'chromium'), { force: true });
      await rm(join(tmpdir(), 'mailroom-chromium-lib'), { recursive: true, force: true });
    }
    const [executablePath, libraries] = await Promise.all([sparticuz.executablePath(), unpackLibraries()]);
    const inherited = process.env.LD_LIBRARY_PATH;
    return {
      executablePath,
      args: sparticuz.args,
      libraryPath: inherited ? `${libraries}:${inherited}` : libraries,
    };
  });
}
