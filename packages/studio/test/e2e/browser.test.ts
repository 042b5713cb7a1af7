/**
 * The npm-shipped browser as a bare machine gets it: unpacked by the helper with its own libraries, launched,
 * driven. Runs with its own TMPDIR (this file's worker only), so the shared unpack other runs use is untouched.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { bundledChromium } from '../support/bundled-chromium.js';

let root: string;
let previousTmpdir: string | undefined;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mailroom-browser-e2e-'));
  previousTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = root;
});

afterAll(async () => {
  if (previousTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmpdir;
  if (root) await rm(root, { recursive: true, force: true });
});

describe('launchBrowser with the npm-shipped Chromium', () => {
  it('recovers from a truncated unpack a killed run left behind, then drives a page', async () => {
    // Regression guard: @sparticuz/chromium trusts any <tmpdir>/chromium, so one killed unpack broke every run.
    // Arrange
    await writeFile(join(root, 'chromium'), 'truncated', { mode: 0o700 });

    // Act
    const { browser, executablePath, choice } = await launchBrowser({ MAILROOM_BROWSER: 'bundled' });
    try {
      const page = await browser.newPage();
      await page.setContent(`<button onclick="this.textContent = 'clicked'">send</button>`);
      await page.click('button');

      // Assert
      expect(choice.source).toBe('bundled');
      expect(executablePath).toBe(join(root, 'chromium'));
      expect(await page.textContent('button')).toBe('clicked');
    } finally {
      await browser.close();
    }
    expect(existsSync(join(root, 'mailroom-chromium-unpack.lock'))).toBe(false);
  }, 120_000);

  it('loads NSS, NSPR and expat from the package, so the machine needs none of its own', async () => {
    // Arrange
    const bundled = await bundledChromium();
    const libraries = join(root, 'mailroom-chromium-lib');

    // Act
    const ldd = spawnSync('ldd', [bundled.executablePath], {
      env: { ...process.env, LD_LIBRARY_PATH: bundled.libraryPath },
      encoding: 'utf8',
    });

    // Assert
    expect(ldd.status).toBe(0);
    expect(ldd.stdout).not.toContain('not found');
    for (const library of ['libnss3.so', 'libnssutil3.so', 'libnspr4.so', 'libexpat.so.1']) {
      expect(ldd.stdout).toContain(`${library} => ${join(libraries, library)}`);
    }
  });
});
