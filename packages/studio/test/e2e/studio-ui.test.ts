/**
 * The studio page's designer-facing behaviour (issue 16): errors impossible to miss, "as sent" previews,
 * the toolbar at laptop widths, RTL, the matrix and the compatibility panel. Browser: test/support/browser.ts.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudioPage, SCREENSHOTS, type StudioPage } from '../support/studio-page.js';

let s: StudioPage;
let page: Page;

function waitForPage(expression: string): Promise<unknown> {
  return page.waitForFunction(expression, undefined, { timeout: 30_000 });
}

beforeAll(async () => {
  s = await openStudioPage(1440);
  page = s.page;
}, 120_000);

afterAll(async () => {
  await s?.close();
}, 120_000);

describe('studio page', () => {
  it('shows a banner with file:line, a red pill and "last good render" for a mistyped translation key', async () => {
    // Arrange
    await page.click('[data-template-id="forgot-password"]');
    await page.locator('#error-banner').waitFor({ state: 'hidden' });
    const file = join(s.sourceDir, 'templates', 'forgot-password', 'email.mjml');
    const original = await readFile(file, 'utf8');
    const line = original.split('\n').findIndex((l) => l.includes('{{t ".heading"}}')) + 1;
    expect(line).toBeGreaterThan(0);

    // Act
    await writeFile(file, original.replace('{{t ".heading"}}', '{{t ".headnig"}}'));
    await page.locator('#error-banner').waitFor({ state: 'visible', timeout: 30_000 });
    await waitForPage(
      `document.querySelector('#error-banner-where')?.textContent === 'templates/forgot-password/email.mjml:${line}'`,
    );

    // Assert
    expect(await page.textContent('#error-banner-message')).toContain('headnig');
    expect(await page.getAttribute('#live-pill', 'data-state')).toBe('error');
    expect(await page.isVisible('#stale-label')).toBe(true);
    expect(await page.textContent('#stale-label')).toContain('Last good render');
    // One typo is one problem in the Checks card (it was 8: one per locale, then one per failing render).
    await waitForPage(
      `[...document.querySelectorAll('#findings li')].some((li) => li.textContent.includes('headnig'))`,
    );
    const typoRows = page.locator('#findings li', { hasText: 'headnig' });
    expect(await typoRows.count()).toBe(1);
    expect(await typoRows.textContent()).toContain(`templates/forgot-password/email.mjml:${line}`);
    await page.screenshot({ path: join(SCREENSHOTS, 'studio-error-banner-1440.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(SCREENSHOTS, 'studio-error-banner-1280.png') });
    await page.setViewportSize({ width: 1440, height: 900 });

    // Act: fix it
    await writeFile(file, original);

    // Assert
    await page.locator('#error-banner').waitFor({ state: 'hidden', timeout: 30_000 });
    expect(await page.getAttribute('#live-pill', 'data-state')).toBe('live');
    expect(await page.isVisible('#stale-label')).toBe(false);
  });

  it('renders the portuguese-brazil state in Portuguese under "Auto (as sent)" and says how', async () => {
    // Arrange
    const template = s.workspace.templates().find((t) => t.id === 'forgot-password');
    const state = template?.previewStates.find((p) => p.name === 'portuguese-brazil');
    if (!state) throw new Error('forgot-password has no portuguese-brazil preview state');
    const portuguese = s.workspace.render({ templateId: 'forgot-password', locale: 'pt', data: state.data });
    const english = s.workspace.render({ templateId: 'forgot-password', locale: 'en', data: state.data });
    expect(portuguese.subject).not.toBe(english.subject);
    await page.click('[data-template-id="forgot-password"]');

    // Act
    await page.selectOption('#state', 'portuguese-brazil');
    await waitForPage(
      `document.querySelector('#subject')?.textContent === ${JSON.stringify(portuguese.subject)}`,
    );

    // Assert
    expect(await page.inputValue('#locale')).toBe('auto');
    expect(await page.inputValue('#brand')).toBe('auto');
    expect(await page.textContent('#as-sent-how')).toContain('pt-BR → pt');
    expect(await page.locator('#locale option').first().textContent()).toBe('Auto (as sent) · pt');
  });

  it('says when Auto resolves to a brand that sends another template, and warns about a deleted code', async () => {
    // Arrange
    await page.click('[data-template-id="welcome-rich"]');
    await page.selectOption('#state', 'english');
    await waitForPage(`document.querySelector('#as-sent-how')?.textContent.includes('→ acme')`);
    expect(await page.isVisible('#as-sent-warning')).toBe(false);
    const data = JSON.parse(await page.inputValue('#data-editor')) as Record<string, unknown>;

    // Act: the same user through no app client (default brand), and without the code
    delete data.callerContext;
    delete data.code;
    await page.fill('#data-editor', JSON.stringify(data, null, 2));
    await page.locator('#as-sent-warning').waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('#data-warning').waitFor({ state: 'visible', timeout: 30_000 });

    // Assert
    expect(await page.textContent('#as-sent-warning')).toContain('not sent as-is: default sends sign-up');
    expect(await page.textContent('#data-warning')).toContain('Missing code');
    await page.click('#data-reset');
  });

  it('fits the toolbar in 1280 px with no horizontal overflow, every width and scheme picker included', async () => {
    // Arrange
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.click('[data-template-id="forgot-password"]');
    await page.selectOption('#state', 'default');

    // Act
    const overflow =
      await page.evaluate(`[...document.querySelectorAll('.toolbar, .tabs, .envelope, .inbox-row, body')]
      .filter((el) => el.scrollWidth > el.clientWidth)
      .map((el) => el.className || el.tagName)`);
    // Cut off or wrapped (the issue at 1280 px): a control past the window's right edge, a tab label on two lines.
    const cutOff =
      await page.evaluate(`[...document.querySelectorAll('.toolbar select, .toolbar input, .toolbar button, [data-tab]')]
      .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().right > document.documentElement.clientWidth)
      .map((el) => el.id || el.textContent.trim())`);
    const wrappedTabs = await page.evaluate(`[...document.querySelectorAll('[data-tab]')]
      .filter((tab) => { const range = document.createRange(); range.selectNodeContents(tab);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1; })
      .map((tab) => tab.textContent.trim())`);
    const widths = await page
      .locator('#width option')
      .evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));

    // Assert
    expect(overflow).toEqual([]);
    expect(cutOff).toEqual([]);
    expect(wrappedTabs).toEqual([]);
    expect(widths).toEqual(['desktop', '768', '414', '375', '320', 'custom']);
    expect(await page.isVisible('#scheme')).toBe(true);
    expect(await page.isVisible('#width')).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'studio-preview-1280.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: join(SCREENSHOTS, 'studio-preview-1440.png') });
  });

  it('sizes the preview to the chosen width (375 px and a custom 500 px)', async () => {
    // Act
    await page.selectOption('#width', '375');
    await waitForPage(`document.querySelector('#preview-frame').clientWidth === 375`);
    await page.selectOption('#width', 'custom');
    await page.fill('#width-custom', '500');

    // Assert
    await waitForPage(`document.querySelector('#preview-frame').clientWidth === 500`);
    await page.selectOption('#width', 'desktop');
  });

  it('writes the subject, inbox row and plain text right-to-left for Arabic', async () => {
    // Arrange
    await page.click('[data-template-id="forgot-password"]');
    const data =
      s.workspace.templates().find((t) => t.id === 'forgot-password')?.previewStates[0]?.data ?? {};
    const arabic = s.workspace.render({ templateId: 'forgot-password', locale: 'ar', data });

    // Act
    await page.selectOption('#locale', 'ar');
    await waitForPage(
      `document.querySelector('#subject')?.textContent === ${JSON.stringify(arabic.subject)}`,
    );

    // Assert
    const directions = await page.evaluate(`['#subject', '#inbox-row', '#text-output']
      .map((id) => getComputedStyle(document.querySelector(id)).direction)`);
    expect(directions).toEqual(['rtl', 'rtl', 'rtl']);
    expect(await page.textContent('#inbox-subject')).toBe(arabic.subject);
    await page.selectOption('#locale', 'auto');
  });

  it('emulates partial-inversion dark mode: light backgrounds darkened, images untouched', async () => {
    // Arrange
    await page.click('[data-template-id="sign-up"]');

    // Act
    await page.selectOption('#scheme', 'dark-partial');
    await waitForPage(`document.querySelector('#scheme-note')?.textContent.includes('partial inversion')`);
    // The frame may load the email more than once (the click's render, then the scheme's; brand assets
    // arriving change the HTML too), so read one snapshot of a document that has loaded and been inverted:
    // its background counts and image filters, taken together in the page.
    const snapshot = await page.waitForFunction(
      `(() => {
        const d = document.querySelector('#preview-frame').contentDocument;
        if (d?.readyState !== 'complete' || d.documentElement?.dataset.studioDark !== 'partial') return false;
        const all = [...d.querySelectorAll('body, body *')].map((el) => getComputedStyle(el).backgroundColor);
        const rgba = all.map((c) => (c.match(/[\\d.]+/g) ?? []).map(Number)).filter((c) => c.length >= 3 && (c[3] ?? 1) > 0);
        const light = rgba.filter((c) => c[0] > 200 && c[1] > 200 && c[2] > 200).length;
        const dark = rgba.filter((c) => c[0] < 80 && c[1] < 80 && c[2] < 80).length;
        return { light, dark, images: [...d.images].map((img) => getComputedStyle(img).filter) };
      })()`,
      undefined,
      { timeout: 30_000 },
    );
    const { images, ...backgrounds } = (await snapshot.jsonValue()) as {
      light: number;
      dark: number;
      images: string[];
    };

    // Assert: the body background is dark now, and no image carries a filter
    expect(backgrounds.light).toBe(0);
    expect(backgrounds.dark).toBeGreaterThan(0);
    expect(images.every((f) => f === 'none')).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'studio-dark-partial-1440.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(SCREENSHOTS, 'studio-dark-partial-1280.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.selectOption('#scheme', 'light');
  });

  it('lists the features major clients do not support in the Compatibility panel, each with its caniemail link', async () => {
    // Arrange
    const { compatibilityReport } = await import('@mailroom/templates/build');
    const data = s.workspace.templates().find((t) => t.id === 'sign-up')?.previewStates[0]?.data ?? {};
    const expected = compatibilityReport(s.workspace.render({ templateId: 'sign-up', data }).html);
    expect(expected.issues.length).toBeGreaterThan(0);

    // Act
    await page.click('[data-template-id="sign-up"]');
    await waitForPage(`document.querySelector('#compat-count')?.textContent === '${expected.issues.length}'`);

    // Assert
    const first = expected.issues[0];
    const link = page.locator('#compat-list a', { hasText: first?.feature ?? '' }).first();
    expect(await link.getAttribute('href')).toBe(first?.url);
    expect(await page.textContent('#compat-list')).toContain(first?.clients[0] ?? '');
    await page.locator('#compat-card').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'studio-compat-1440.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('#compat-card').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'studio-compat-1280.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
