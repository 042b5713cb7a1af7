/**
 * The studio's matrix view (issue 16 item 5): one template across every locale × brand as live thumbnails,
 * desktop and mobile, Arabic right-to-left, a click opening the full preview. Browser: test/support/browser.ts.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudioPage, SCREENSHOTS, type StudioPage } from '../support/studio-page.js';

let s: StudioPage;
let page: Page;

beforeAll(async () => {
  s = await openStudioPage(1440);
  page = s.page;
}, 120_000);

afterAll(async () => {
  await s?.close();
}, 120_000);

/** Waits until the page has `count` thumbnails. */
function waitForCards(count: number): Promise<unknown> {
  return page.waitForFunction(`document.querySelectorAll('.matrix-card').length === ${count}`, undefined, {
    timeout: 30_000,
  });
}

/** Scrolls to each thumbnail in turn (they render only once visible) and waits until it shows its email. */
async function waitForThumbnails(count: number): Promise<void> {
  await waitForCards(count);
  const cards = page.locator('.matrix-card');
  for (let index = 0; index < count; index++) {
    await cards.nth(index).scrollIntoViewIfNeeded();
    await page.waitForFunction(
      `(() => {
        const card = document.querySelectorAll('.matrix-card')[${index}];
        return card?.dataset.status === 'rendered' &&
          Boolean(card.querySelector('iframe')?.contentDocument?.body?.childElementCount);
      })()`,
      undefined,
      { timeout: 30_000 },
    );
  }
  await page.evaluate(`document.querySelector('.matrix-controls')?.scrollIntoView()`);
}

interface Thumbnail {
  locale: string;
  brand: string;
  label: string;
  dir: string;
  width: number;
}

/** What each thumbnail shows: its label, its document's direction and its rendered width. */
function thumbnails(): Promise<Thumbnail[]> {
  return page.evaluate(`[...document.querySelectorAll('.matrix-card')].map((card) => {
    const doc = card.querySelector('iframe')?.contentDocument;
    return {
      locale: card.dataset.locale ?? '',
      brand: card.dataset.brand ?? '',
      label: card.querySelector('.matrix-label')?.textContent ?? '',
      dir: doc?.documentElement.getAttribute('dir') ?? doc?.body.getAttribute('dir') ?? '',
      width: card.querySelector('.matrix-thumb')?.getBoundingClientRect().width ?? 0,
    };
  })`) as Promise<Thumbnail[]>;
}

describe('studio matrix view', () => {
  it('shows one labelled thumbnail per locale × brand, Arabic right-to-left, desktop and mobile widths', async () => {
    // Arrange
    const locales = s.workspace.locales().map((l) => l.code);
    const brands = s.workspace.brands().map((b) => b.name);
    await page.click('[data-template-id="forgot-password"]');

    // Act
    await page.click('[data-tab="matrix"]');
    await waitForThumbnails(locales.length * brands.length);
    const desktop = await thumbnails();

    // Assert
    expect(desktop.map((t) => `${t.locale}/${t.brand}`).sort()).toEqual(
      locales.flatMap((l) => brands.map((b) => `${l}/${b}`)).sort(),
    );
    for (const t of desktop) expect(t.label).toBe(`${t.locale} · ${t.brand}`);
    for (const t of desktop) expect(t.dir).toBe(t.locale === 'ar' ? 'rtl' : 'ltr');
    expect(locales).toContain('ar');
    await page.screenshot({ path: join(SCREENSHOTS, 'studio-matrix-1440.png') });

    // Act: mobile
    await page.selectOption('#matrix-width', 'mobile');
    await waitForThumbnails(desktop.length);
    const mobile = await thumbnails();

    // Assert
    expect(mobile).toHaveLength(desktop.length);
    for (const [index, t] of mobile.entries()) expect(t.width).toBeLessThan(desktop[index]?.width ?? 0);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(SCREENSHOTS, 'studio-matrix-1280.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('adds every preview state on demand, each thumbnail labelled with its state', async () => {
    // Arrange
    const states = s.workspace.templates().find((t) => t.id === 'forgot-password')?.previewStates ?? [];
    const cells = s.workspace.locales().length * s.workspace.brands().length;
    await page.click('[data-tab="matrix"]');

    // Act
    await page.check('#matrix-states');
    await waitForCards(cells * states.length);
    const labels = await page.locator('.matrix-card .matrix-label').allTextContents();

    // Assert
    expect(states.length).toBeGreaterThan(1);
    for (const state of states)
      expect(labels.filter((l) => l.endsWith(` · ${state.name}`))).toHaveLength(cells);
    await page.uncheck('#matrix-states');
  });

  it('opens the full preview with the clicked thumbnail’s locale and brand selected', async () => {
    // Arrange
    await page.click('[data-tab="matrix"]');
    await waitForThumbnails(s.workspace.locales().length * s.workspace.brands().length);

    // Act
    await page.click('.matrix-card[data-locale="ar"][data-brand="acme"]');
    await page.waitForFunction(
      `document.querySelector('#subject')?.getAttribute('dir') === 'rtl'`,
      undefined,
      {
        timeout: 30_000,
      },
    );

    // Assert
    expect(await page.isVisible('#preview-frame')).toBe(true);
    expect(await page.getAttribute('[data-tab="preview"]', 'aria-selected')).toBe('true');
    expect(await page.inputValue('#locale')).toBe('ar');
    expect(await page.inputValue('#brand')).toBe('acme');
    expect(page.url()).toContain('locale=ar');
    expect(page.url()).toContain('brand=acme');
  });

  it('keeps the matrix in the page address: a reload restores the template, its mobile width and every state', async () => {
    // Arrange
    const template = s.workspace.templates().find((t) => t.id === 'sign-up');
    const states = template?.previewStates ?? [];
    const cells = s.workspace.locales().length * s.workspace.brands().length * states.length;
    await page.click('[data-template-id="sign-up"]');
    await page.click('[data-tab="matrix"]');
    await page.selectOption('#matrix-width', 'mobile');
    await page.check('#matrix-states');
    const shared = page.url();

    // Act: reload the address as it stands, as a designer sharing the link would
    await page.reload();
    await page.waitForSelector('body[data-render-version]');
    await waitForCards(cells);

    // Assert
    expect(new URL(shared).hash).toMatch(/^#\/matrix\/sign-up\?/);
    expect(shared).toContain('width=mobile');
    expect(shared).toContain('states=all');
    expect(await page.getAttribute('[data-tab="matrix"]', 'aria-selected')).toBe('true');
    expect(await page.isVisible('#matrix-grid')).toBe(true);
    expect(await page.inputValue('#matrix-width')).toBe('mobile');
    expect(await page.isChecked('#matrix-states')).toBe(true);
    expect(await page.getAttribute('[data-template-id="sign-up"]', 'aria-current')).toBe('true');
    expect(new URL(page.url()).hash).toBe(new URL(shared).hash);

    // Act: back to the preview tab, the address follows
    await page.click('[data-tab="preview"]');

    // Assert
    expect(new URL(page.url()).hash).toMatch(/^#\/templates\/sign-up\?/);
  });
});
