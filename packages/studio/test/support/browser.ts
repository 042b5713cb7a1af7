/**
 * The one way every browser test gets a Chromium, so the README's two commands pass on a bare machine (Node and
 * npm only) and a machine with its own browser can still use it.
 *
 * Resolution order:
 * 1. `MAILROOM_BROWSER=bundled`: the npm-shipped `@sparticuz/chromium`, whatever else is installed (CI sets it,
 *    so a Chromium left on the machine cannot hide a regression of the bare path);
 * 2. `CHROMIUM_PATH`: that binary (it must exist);
 * 3. a system Chromium or Chrome (`/usr/bin/chromium`, then `chromium`, `chromium-browser`, `google-chrome`,
 *    `google-chrome-stable` on PATH, then macOS's Chrome);
 * 4. `@sparticuz/chromium`, unpacked into the temp dir on first use (~3 s, then reused) with the libraries it
 *    needs from the same package (`bundled-chromium.ts`).
 */
import { accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { type BundledChromium, bundledChromium } from './bundled-chromium.js';

/** Where a test's Chromium comes from. */
export type BrowserChoice =
  | { source: 'bundled'; reason: string }
  | { source: 'CHROMIUM_PATH' | 'system'; executablePath: string; reason: string };

/** Flags today's browser tests have always used: no traffic to Google, no first-run UI. */
const QUIET_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** A system Chromium in a container: no sandbox (often root), no GPU. */
const SYSTEM_FLAGS = ['--no-sandbox', '--disable-gpu', ...QUIET_FLAGS];

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const FIXED_PATHS_FIRST = ['/usr/bin/chromium'];
const FIXED_PATHS_LAST = ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

/**
 * Picks the browser for a test run from the environment and a file probe; pure, so the order is unit-tested.
 * Throws for a setting that names something unusable (an unknown `MAILROOM_BROWSER`, a missing `CHROMIUM_PATH`):
 * a typo must fail loudly rather than silently test another browser.
 * @example resolveBrowser({ MAILROOM_BROWSER: 'bundled' }, existsSync) // { source: 'bundled', … }
 */
export function resolveBrowser(
  env: Record<string, string | undefined>,
  exists: (path: string) => boolean,
): BrowserChoice {
  const mode = env.MAILROOM_BROWSER?.trim() ?? '';
  if (mode === 'bundled') return { source: 'bundled', reason: 'MAILROOM_BROWSER=bundled' };
  if (mode !== '') {
    throw new Error(
      `MAILROOM_BROWSER=${mode} is not a browser mode; set MAILROOM_BROWSER=bundled (the npm-shipped Chromium) or unset it`,
    );
  }
  const pinned = env.CHROMIUM_PATH?.trim();
  if (pinned) {
    if (!exists(pinned)) {
      throw new Error(
        `CHROMIUM_PATH=${pinned} does not exist; point it at a Chromium/Chrome binary, or unset it to use a system or the npm-shipped browser`,
      );
    }
    return { source: 'CHROMIUM_PATH', executablePath: pinned, reason: 'CHROMIUM_PATH' };
  }
  const pathDirs = (env.PATH ?? '').split(delimiter).filter((dir) => isAbsolute(dir));
  const candidates = [
    ...FIXED_PATHS_FIRST,
    ...PATH_NAMES.flatMap((name) => pathDirs.map((dir) => join(dir, name))),
    ...FIXED_PATHS_LAST,
  ];
  const found = candidates.find((path) => exists(path));
  if (found) return { source: 'system', executablePath: found, reason: 'system browser found' };
  return { source: 'bundled', reason: 'no CHROMIUM_PATH and no system Chromium/Chrome' };
}

/** `exists` for real: an executable file at that path. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What the last `launchBrowser()` ran (tests log it, so a run's output says which browser it used). */
export interface LaunchedBrowser {
  browser: Browser;
  choice: BrowserChoice;
  executablePath: string;
}

async function launchBundled(): Promise<{ browser: Browser; executablePath: string }> {
  const launch = async (bundled: BundledChromium) =>
    chromium.launch({
      executablePath: bundled.executablePath,
      args: [...bundled.args, ...QUIET_FLAGS],
      env: { ...process.env, LD_LIBRARY_PATH: bundled.libraryPath },
      headless: true,
    });
  const first = await bundledChromium();
  try {
    return { browser: await launch(first), executablePath: first.executablePath };
  } catch {
    // Most likely a truncated unpack left by a killed run: unpack once more from the package and retry.
    const again = await bundledChromium({ fresh: true });
    return { browser: await launch(again), executablePath: again.executablePath };
  }
}

/**
 * Launches headless Chromium for a test, chosen by `resolveBrowser`. Throws one message naming the browser it
 * tried and the switches to try another, so a machine with no usable browser fails the tests instead of
 * skipping them.
 * @example const { browser } = await launchBrowser();
 */
export async function launchBrowser(env: NodeJS.ProcessEnv = process.env): Promise<LaunchedBrowser> {
  const choice = resolveBrowser(env, isExecutable);
  let executablePath = '';
  try {
    if (choice.source === 'bundled') {
      const launched = await launchBundled();
      return { ...launched, choice };
    }
    executablePath = choice.executablePath;
    const browser = await chromium.launch({ executablePath, args: SYSTEM_FLAGS, headless: true });
    return { browser, choice, executablePath };
  } catch (error) {
    const what =
      choice.source === 'bundled'
        ? `the npm-shipped Chromium (@sparticuz/chromium, unpacked to ${join(tmpdir(), 'chromium')})`
        : `${executablePath} (${choice.reason})`;
    const hint =
      choice.source !== 'bundled'
        ? 'set CHROMIUM_PATH to another Chromium/Chrome binary, or MAILROOM_BROWSER=bundled for the npm-shipped one'
        : env.MAILROOM_BROWSER
          ? 'unset MAILROOM_BROWSER and set CHROMIUM_PATH to a Chromium/Chrome binary'
          : 'set CHROMIUM_PATH to a Chromium/Chrome binary';
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new Error(`could not launch ${what}: ${message}; ${hint}`, { cause: error });
  }
}
