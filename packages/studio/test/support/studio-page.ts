/**
 * A studio on a temp COPY of the template sources (edits never touch packages/templates) and one headless
 * Chromium page on it, for the UI's browser tests. `close()` removes everything it made.
 */
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { STUDIO_DIR, TEMPLATES_PACKAGE_DIR, WATCHED_FOLDERS } from '../../src/paths.js';
import { type Studio, type StudioOptions, startStudio } from '../../src/server/start-studio.js';
import type { Workspace } from '../../src/types.js';
import { launchBrowser } from './browser.js';

export const RESULTS = join(STUDIO_DIR, 'test-results');
/** The screenshots the studio README lists, committed: regenerated only on request (`SCREENSHOTS`). */
export const DOCS_SCREENSHOTS = join(STUDIO_DIR, '..', '..', 'docs', 'screenshots');
/**
 * Where the browser tests write their screenshots: test-results/screenshots/ (gitignored), so a test run leaves
 * the checkout clean; docs/screenshots/ under `pnpm --filter @mailroom/studio screenshots`
 * (vitest.screenshots.config.ts sets `MAILROOM_SCREENSHOTS=docs`).
 */
export const SCREENSHOTS =
  process.env.MAILROOM_SCREENSHOTS === 'docs' ? DOCS_SCREENSHOTS : join(RESULTS, 'screenshots');

export interface StudioPage {
  studio: Studio;
  workspace: Workspace;
  sourceDir: string;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/**
 * Starts the studio over a copy of the sources and opens it at `width` px (the page's first render done);
 * `options` adds studio options (e.g. `rebuildBundle`) to the port, sources and outbox set here.
 * @example const s = await openStudioPage(1440); … await s.close();
 */
export async function openStudioPage(
  width = 1440,
  options: Omit<StudioOptions, 'port' | 'templatesDir' | 'outboxDir'> = {},
): Promise<StudioPage> {
  const root = await mkdtemp(join(tmpdir(), 'mailroom-studio-ui-'));
  const sourceDir = join(root, 'sources');
  for (const folder of WATCHED_FOLDERS) {
    await cp(join(TEMPLATES_PACKAGE_DIR, folder), join(sourceDir, folder), { recursive: true });
  }
  await mkdir(RESULTS, { recursive: true });
  await mkdir(SCREENSHOTS, { recursive: true });
  const studio = await startStudio({
    ...options,
    port: 0,
    templatesDir: sourceDir,
    outboxDir: join(root, 'outbox'),
  });
  const cleanup = async (browser?: Browser) => {
    await browser?.close();
    await studio.close();
    await rm(root, { recursive: true, force: true });
  };
  try {
    const workspace = await studio.ready;
    const { browser } = await launchBrowser();
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    // Hermetic: the emails' remote logos and web fonts are refused at once instead of waiting on DNS.
    const origin = new URL(studio.url).origin;
    await page.route(
      (url) => url.origin !== origin,
      (route) => route.abort(),
    );
    await page.goto(studio.url);
    await page.waitForSelector('body[data-render-version]');
    return { studio, workspace, sourceDir, browser, page, close: () => cleanup(browser) };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
