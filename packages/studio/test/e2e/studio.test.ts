/**
 * The studio in headless Chromium: a real server over a temp COPY of the template sources (so edits here
 * never touch packages/templates), the real dispatcher bundle behind "Send test", the real outbox.
 */
import { randomInt } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRIGGERS } from '@mailroom/shared-types';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureDispatcherBundle } from '../../src/cli/prebuild.js';
import { STUDIO_DIR, TEMPLATES_PACKAGE_DIR, WATCHED_FOLDERS } from '../../src/paths.js';
import { type Studio, startStudio } from '../../src/server/start-studio.js';
import type { RebuildResult, Workspace } from '../../src/types.js';
import { launchBrowser } from '../support/browser.js';
import { formatBreakdown, refreshBreakdown } from '../support/refresh-timing.js';

const RESULTS = join(STUDIO_DIR, 'test-results');

let sourceDir: string;
let outboxDir: string;
let studio: Studio;
let workspace: Workspace;
let browser: Browser;
let page: Page;
/** Why no browser could be started: every test then fails with it (a missing browser must never skip). */
let browserError: unknown;

/** Waits until an in-page expression is true (polled by Chromium on animation frames, not a sleep). */
function waitForPage(expression: string): Promise<unknown> {
  return page.waitForFunction(expression, undefined, { timeout: 30_000 });
}

/** Waits until an iframe's document finished loading (its images and web fonts), so screenshots show it. */
function framePainted(selector: string): Promise<unknown> {
  return waitForPage(`document.querySelector('${selector}')?.contentDocument?.readyState === 'complete'`);
}

function previewData(templateId: string): Record<string, unknown> {
  const template = workspace.templates().find((t) => t.id === templateId);
  const state = template?.previewStates[0];
  if (!state) throw new Error(`template ${templateId} has no preview state`);
  return state.data;
}

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'mailroom-studio-e2e-'));
  sourceDir = join(root, 'sources');
  outboxDir = join(root, 'outbox');
  for (const folder of WATCHED_FOLDERS) {
    await cp(join(TEMPLATES_PACKAGE_DIR, folder), join(sourceDir, folder), { recursive: true });
  }
  await mkdir(RESULTS, { recursive: true });
  // "Send test" runs the deployable bundle; CI builds it first (turbo), a local run may need it built.
  await ensureDispatcherBundle();
  studio = await startStudio({ port: 0, templatesDir: sourceDir, outboxDir });
  workspace = await studio.ready;
  try {
    const launched = await launchBrowser();
    browser = launched.browser;
    console.log(`studio e2e: ${launched.choice.reason} -> ${launched.executablePath}`);
  } catch (error) {
    // Regression guard (issue 13): a failed launch in beforeAll showed as "8 skipped"; now each test fails.
    browserError = error;
    return;
  }
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // Hermetic: the emails' remote logos and web fonts are refused at once instead of waiting on DNS.
  const studioOrigin = new URL(studio.url).origin;
  await page.route(
    (url) => url.origin !== studioOrigin,
    (route) => route.abort(),
  );
  await page.goto(studio.url);
  await page.waitForSelector('body[data-render-version]');
}, 180_000);

beforeEach(() => {
  if (browserError) throw browserError;
});

afterAll(async () => {
  await browser?.close();
  await studio?.close();
  if (sourceDir) await rm(join(sourceDir, '..'), { recursive: true, force: true });
});

describe('mailroom studio', () => {
  it('lists a template for every Cognito trigger in the sidebar', async () => {
    // Arrange / Act
    const ids = await page
      .locator('#template-list [data-template-id]')
      .evaluateAll((nodes) =>
        nodes.map((node) => (node as unknown as { dataset: { templateId: string } }).dataset.templateId),
      );

    // Assert
    for (const trigger of TRIGGERS) expect(ids).toContain(trigger.templateId);
    await framePainted('#preview-frame');
    await page.screenshot({ path: join(RESULTS, 'studio-overview.png') });
  });

  it('renders the German subject and body after switching template and locale', async () => {
    // Arrange
    const data = previewData('forgot-password');
    const german = workspace.render({ templateId: 'forgot-password', locale: 'de', data });
    const english = workspace.render({ templateId: 'forgot-password', locale: 'en', data });
    expect(german.subject).not.toBe(english.subject);

    // Act
    await page.click('[data-template-id="forgot-password"]');
    await page.selectOption('#locale', 'de');

    // Assert
    await waitForPage(
      `document.querySelector('#subject')?.textContent === ${JSON.stringify(german.subject)}`,
    );
    await page
      .frameLocator('#preview-frame')
      .locator('body', { hasText: String(data.code) })
      .waitFor({ timeout: 30_000 });
    expect(await page.locator('#size-badge').getAttribute('data-level')).toBe('ok');
    await framePainted('#preview-frame');
    await page.screenshot({ path: join(RESULTS, 'studio-forgot-password-de.png') });
  });

  it('shows the brand logo from brands/assets while the HTML source keeps the CDN URL', async () => {
    // Arrange
    const logoUrl = 'https://assets.mailroom.example/logo/mailroom-280x64.png';

    // Act
    await page.click('[data-template-id="sign-up"]');
    const logo = page.frameLocator('#preview-frame').locator('img[src="/brand-assets/mailroom-280x64.png"]');
    await logo.waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      `(() => { const img = document.querySelector('#preview-frame').contentDocument?.querySelector('img[src^="/brand-assets/"]'); return Boolean(img && img.complete && img.naturalWidth > 0); })()`,
      undefined,
      { timeout: 30_000 },
    );
    const rendered = await page.evaluate(
      `fetch('/api/render?templateId=sign-up').then((r) => r.json()).then((j) => j.render.html)`,
    );

    // Assert
    expect(await logo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(280);
    expect(rendered).toContain(logoUrl);
    expect(rendered).not.toContain('/brand-assets/');
  });

  it('delivers a test send through the real bundle to the Outbox tab', async () => {
    // Arrange
    const email = `e2e-${randomInt(1e9)}@example.com`;
    const data = previewData('sign-up');
    const expected = workspace.render({ templateId: 'sign-up', locale: 'en', data });
    await page.click('[data-template-id="sign-up"]');
    await page.selectOption('#locale', 'en');
    await waitForPage(
      `document.querySelector('#subject')?.textContent === ${JSON.stringify(expected.subject)}`,
    );
    await page.fill('#send-email', email);

    // Act
    await page.click('#send-test');
    // A hang bound: the studio prepared the bundle at start, so the send is warm (vitest.config.ts).
    await page.locator('.toast', { hasText: email }).waitFor({ timeout: 60_000 });
    await page.click('[data-view-tab="outbox"]');
    await page.locator('#mail-list .to', { hasText: email }).click();

    // Assert
    await waitForPage(
      `document.querySelector('#mail-subject')?.textContent === ${JSON.stringify(expected.subject)}`,
    );
    await page
      .frameLocator('#mail-frame')
      .locator('body', { hasText: String(data.code) })
      .waitFor({ timeout: 30_000 });
    await page.click('[data-mail-tab="text"]');
    expect(await page.textContent('#mail-text')).toContain(String(data.code));
    const href = await page.getAttribute('#mail-download', 'href');
    const raw = await (await fetch(new URL(href ?? '', studio.url))).text();
    expect(raw).toMatch(/^Message-ID: <[^>]+>$/m);
    expect(raw).toContain(`To: ${email}`);
    await page.click('[data-mail-tab="html"]');
    await framePainted('#mail-frame');
    await page.screenshot({ path: join(RESULTS, 'studio-outbox.png') });
    await page.click('[data-view-tab="templates"]');
  });

  it('refreshes the open page when a template file is saved', async () => {
    // Arrange
    await page.click('[data-template-id="forgot-password"]');
    await page.selectOption('#locale', 'en');
    const file = join(sourceDir, 'templates', 'forgot-password', 'email.mjml');
    const original = await readFile(file, 'utf8');
    const marker = `Edited-${randomInt(1e9)}`;
    const edited = original.replace(/<mj-text([^>]*)>/, `<mj-text$1>${marker} `);
    expect(edited).not.toBe(original);

    // Act
    const rebuilds: RebuildResult[] = [];
    const stop = studio.onRebuild((result) => rebuilds.push(result));
    const writtenAt = performance.timeOrigin + performance.now();
    await writeFile(file, edited);
    // Polled on the page's animation frames (a frame locator's polling costs a protocol round trip each time).
    await waitForPage(
      `document.querySelector('#preview-frame')?.contentDocument?.body?.textContent.includes(${JSON.stringify(marker)})`,
    );
    const seenAt = performance.timeOrigin + performance.now();
    const body = page.frameLocator('#preview-frame').locator('body', { hasText: marker });
    const stages = await refreshBreakdown(page, rebuilds, writtenAt, seenAt);
    // Painted: also waits for the email's own render-blocking resources (MJML's web-font stylesheet).
    await body.waitFor({ state: 'visible', timeout: 30_000 });
    const editToPaintMs = Math.round(performance.timeOrigin + performance.now() - writtenAt);
    stop();
    const editToRefreshMs = stages.refresh;
    console.log(
      `edit-to-refresh ${editToRefreshMs} ms: ${formatBreakdown(stages)}; painted at ${editToPaintMs} ms`,
    );
    await writeFile(
      join(RESULTS, 'edit-to-refresh.json'),
      `${JSON.stringify({ editToRefreshMs, editToPaintMs, stages, at: new Date().toISOString() })}\n`,
    );
    await writeFile(file, original);

    // Assert: only the saved template was recompiled, the build that refreshed the page was clean, and the
    // refresh took at most 2 s (the goal is under 1 s; 2 s is a loose bound for a shared 2-core machine).
    expect(rebuilds.length).toBeGreaterThan(0);
    for (const result of rebuilds) expect(result.scope).toEqual(['template forgot-password']);
    expect(rebuilds.filter((r) => r.complete).at(-1)?.problems).toEqual([]);
    expect(editToRefreshMs, `edit-to-refresh ${formatBreakdown(stages)}`).toBeLessThanOrEqual(2000);
  });

  it('refuses sends from other origins and non-JSON writes', async () => {
    // Regression guard: "Send test" can send real mail, so a web page elsewhere must not be able to trigger it.
    const send = (headers: Record<string, string>) =>
      fetch(new URL('/api/send', studio.url), {
        method: 'POST',
        headers,
        body: JSON.stringify({ trigger: 'SignUp', email: 'victim@example.com' }),
      });

    const crossSite = await send({ 'content-type': 'application/json', origin: 'https://evil.example' });
    const formLike = await send({ 'content-type': 'text/plain' });

    expect(crossSite.status).toBe(403);
    expect(formLike.status).toBe(415);
  });

  it('picks up a saved locale catalog without recompiling any template', async () => {
    // Arrange
    await page.click('[data-template-id="forgot-password"]');
    await page.selectOption('#locale', 'de');
    const file = join(sourceDir, 'locales', 'de.json');
    const original = await readFile(file, 'utf8');
    const catalog = JSON.parse(original) as Record<string, Record<string, string>>;
    const subject = `Neues Passwort ${randomInt(1e9)}`;
    const section = catalog['forgot-password'];
    if (!section) throw new Error('de.json has no forgot-password section');
    section.subject = subject;
    const rebuilds: RebuildResult[] = [];
    const stop = studio.onRebuild((result) => rebuilds.push(result));

    // Act
    await writeFile(file, `${JSON.stringify(catalog, null, 2)}\n`);
    await waitForPage(`document.querySelector('#subject')?.textContent === ${JSON.stringify(subject)}`);
    stop();

    // Assert
    expect(rebuilds.at(-1)?.scope).toEqual(['locales', '0 templates recompiled']);
    await writeFile(file, original);
  });

  it('shows a build overlay with file and line for a broken template and clears it after the fix', async () => {
    // Arrange
    const file = join(sourceDir, 'templates', 'forgot-password', 'email.mjml');
    const original = await readFile(file, 'utf8');
    const lines = original.split('\n');
    const at = lines.findIndex((line) => line.includes('<mj-column>')) + 1;
    lines.splice(at, 0, '          <mj-bogus>broken on purpose</mj-bogus>');

    // Act: break it
    await writeFile(file, lines.join('\n'));
    await page.locator('#overlay').waitFor({ state: 'visible', timeout: 30_000 });
    // The watcher may first see the truncated, half-written file (an error with no line yet); wait for the
    // rebuild of the complete file to settle rather than reading the first overlay that appears.
    const expected = `templates/forgot-password/email.mjml:${at + 1}`;
    await page
      .waitForFunction(
        `document.querySelector('#overlay .problem-file')?.textContent === ${JSON.stringify(expected)}`,
        undefined,
        { timeout: 30_000 },
      )
      .catch(() => undefined);

    // Assert
    const where = await page.textContent('#overlay .problem-file');
    expect(where).toBe(expected);
    expect(await page.textContent('#overlay .problem-message')).toContain('mj-bogus');
    await page.screenshot({ path: join(RESULTS, 'studio-build-error.png') });

    // Act: fix it
    await writeFile(file, original);

    // Assert
    await page.locator('#overlay').waitFor({ state: 'hidden', timeout: 30_000 });
    expect(workspace.problems()).toEqual([]);
  });
});
