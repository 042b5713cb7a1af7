/**
 * "Send test" tells the truth (issue 16 item 7): the toast gives each step's real time — rebuild, our
 * dispatch, and the provider's own time from the dispatcher's typed outcome — and the sent mail links to the
 * brand's app, never to the studio. Browser: test/support/browser.ts; the real bundle behind the button.
 */
import { randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDispatcherBundle } from '../../src/cli/prebuild.js';
import type { ParsedEml } from '../../src/outbox/eml.js';
import { hrefsOf, urlsOf } from '../support/links.js';
import { openStudioPage, type StudioPage } from '../support/studio-page.js';

let s: StudioPage;
let page: Page;

beforeAll(async () => {
  // "Send test" runs the deployable bundle; CI builds it first (turbo), a local run may need it built.
  await ensureDispatcherBundle();
  // The studio brings the bundle up to date before each send, as `pnpm dev` does for the package's sources.
  s = await openStudioPage(1440, { rebuildBundle: () => ensureDispatcherBundle() });
  page = s.page;
}, 180_000);

afterAll(async () => {
  await s?.close();
}, 120_000);

/** The JSON of a studio API route, fetched by the page (the studio only answers its own page). */
function apiGet<T>(path: string): Promise<T> {
  return page.evaluate(async (url) => (await fetch(url)).json(), path) as Promise<T>;
}

describe('studio Send test', () => {
  it('reports rebuild, dispatch and provider times that add up to no more than the real elapsed time', async () => {
    // Arrange
    const email = `send-${randomInt(1e9)}@example.com`;
    await page.click('[data-template-id="sign-up"]');
    await page.selectOption('#brand', 'acme');
    await page.fill('#send-email', email);

    // Every label the button shows while the send runs (the studio prepared the bundle at start, so the send
    // can be over within a tick: polling for the label could miss it).
    await page.evaluate(`{
      const button = document.querySelector('#send-test');
      window.sendLabels = [];
      new MutationObserver(() => window.sendLabels.push(button.textContent)).observe(button, {
        subtree: true, characterData: true, childList: true,
      });
    }`);

    // Act
    const started = performance.now();
    await page.click('#send-test');
    const toast = page.locator('.toast', { hasText: email });
    await toast.waitFor({ timeout: 60_000 });
    const elapsedMs = performance.now() - started;
    const labels = (await page.evaluate('window.sendLabels')) as string[];
    const steps = await toast.locator('.send-step').evaluateAll((nodes) =>
      nodes.map((node) => {
        const { step, ms } = (node as unknown as { dataset: { step: string; ms: string } }).dataset;
        return { step, ms: Number(ms) };
      }),
    );
    const totalMs = Number(await toast.locator('.send-total').getAttribute('data-ms'));

    // Assert
    console.log(
      `send test: ${steps.map((x) => `${x.step} ${x.ms} ms`).join(' + ')} = ${totalMs} ms (page ${Math.round(elapsedMs)} ms)`,
    );
    // While it ran, the button named the step under way and its own time.
    expect(labels.some((label) => /Sending… [\d.]+ s · dispatch [\d.]+ s/.test(label))).toBe(true);
    expect(steps.map((x) => x.step)).toEqual(['rebuild', 'dispatch', 'provider']);
    for (const x of steps) expect(x.ms).toBeGreaterThanOrEqual(0);
    expect(steps.find((x) => x.step === 'dispatch')?.ms).toBeGreaterThan(0);
    // The first send is warm: the studio prepared the bundle at start (goal well under 1 s; the bound is loose
    // for a shared machine — the bundle's cold start made it 0.9–2.2 s under tsx, 12–31 s under vitest's transform).
    expect(steps.find((x) => x.step === 'dispatch')?.ms).toBeLessThanOrEqual(2000);
    expect(steps.reduce((sum, x) => sum + x.ms, 0)).toBeLessThanOrEqual(totalMs);
    expect(totalMs).toBeLessThanOrEqual(elapsedMs);
    expect(await toast.textContent()).toMatch(/rebuild \d+(\.\d)? m?s \+ dispatch .+ \+ provider .+ = /);
  });

  it("links to the brand's appUrl in the sent mail, never to the studio's origin", async () => {
    // Arrange: send as Acme, then read the message back through the studio's mailparser path.
    const email = `links-${randomInt(1e9)}@example.com`;
    await page.click('[data-template-id="sign-up"]');
    await page.selectOption('#brand', 'acme');
    await page.fill('#send-email', email);
    await page.click('#send-test');
    await page.locator('.toast', { hasText: email }).waitFor({ timeout: 60_000 });
    const { messages } = await apiGet<{ messages: { id: string; to: string }[] }>('/api/outbox');
    const sent = messages.find((m) => m.to.includes(email));
    expect(sent).toBeDefined();

    // Act
    const mail = await apiGet<ParsedEml>(`/api/outbox/${encodeURIComponent(sent?.id ?? '')}`);
    const links = [...hrefsOf(mail.html ?? ''), ...urlsOf(mail.text ?? '')].filter((u) => /^https?:/.test(u));

    // Assert
    const studioOrigin = new URL(s.studio.url).origin;
    const codeLinks = links.filter((url) => /[?&]code=/.test(url));
    expect(codeLinks.length).toBeGreaterThan(0);
    for (const url of codeLinks) expect(url).toMatch(/^https:\/\/my\.acme\.example\//);
    for (const url of links) {
      expect(url).not.toContain(studioOrigin);
      expect(url).not.toMatch(/^https?:\/\/(localhost|127\.0\.0\.1)[:/]/);
    }
  });
});
