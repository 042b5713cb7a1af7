import { TRIGGERS } from '@mailroom/shared-types';
import { describe, expect, it } from 'vitest';
import * as shipped from '../../src/index.js';
import { getPreviewStates, listBrands, listLocales, listTemplates, render } from '../../src/index.js';
import { everyCombination } from '../support/renderer.js';

const ana = { username: 'ana', userAttributes: { email: 'ana@example.com', given_name: 'Ana' } };

describe('the built registry', () => {
  it('has a template for every Cognito trigger plus the welcome-rich variant', () => {
    const ids = listTemplates().map((t) => t.id);
    for (const t of TRIGGERS) expect(ids).toContain(t.templateId);
    const signUp = listTemplates().find((t) => t.id === 'sign-up');
    expect(signUp?.variants).toEqual(['welcome-rich']);
    expect(listTemplates().find((t) => t.id === 'welcome-rich')?.variantOf).toBe('sign-up');
  });

  it('ships English, German, Portuguese and right-to-left Arabic', () => {
    expect(listLocales()).toEqual(['ar', 'de', 'en', 'pt']);
  });

  it('renders every template in every locale and brand from every preview state', () => {
    const all = everyCombination(shipped);

    for (const { input, state, locale } of all) {
      const email = render(input);
      expect(email.templateId).toBe(input.templateId);
      expect(email.locale).toBe(locale);
      expect(email.subject.length).toBeGreaterThan(5);
      expect(email.html).toContain(`lang="${locale}"`);
      expect(email.html).toContain(locale === 'ar' ? 'dir="rtl"' : 'dir="ltr"');
      expect(email.html).not.toMatch(/\{\{|\}\}|\[\[/);
      expect(email.text).toContain('https://');
      if (state.data.code) expect(email.text).toContain(state.data.code);
    }
    expect(all.length).toBeGreaterThanOrEqual(9 * 4 * 2);
  });

  it("renders the rich welcome variant beyond Cognito's 20,000-character limit", () => {
    const [state] = getPreviewStates('welcome-rich');
    const email = render({
      templateId: 'welcome-rich',
      brand: 'acme',
      locale: 'en',
      data: state?.data ?? ana,
    });
    expect(email.html.length).toBeGreaterThan(60_000);
    expect(Buffer.byteLength(email.html)).toBeLessThan(102 * 1024);
  });
});

describe('email headlines (accessibility)', () => {
  // Regression: the visible headline was a styled <div>, so screen readers offered no heading to jump to (issue 16 item 8).
  it('renders the visible headline of every shipped email as one real <h1>, styled as before', () => {
    for (const t of listTemplates()) {
      const [state] = getPreviewStates(t.id);
      for (const brand of listBrands()) {
        for (const locale of listLocales()) {
          const { html } = render({
            templateId: t.id,
            brand: brand.name,
            locale,
            data: state?.data ?? ({} as never),
          });
          const h1 = [...html.matchAll(/<h1 style="([^"]*)">([^<]+)<\/h1>/g)];
          expect(h1.length, `${t.id}/${brand.name}/${locale}`).toBe(1);
          // Same look as the div it sits in: no browser margin, the mj-text's own size, weight and line height.
          expect(h1[0]?.[1]).toMatch(
            /^margin:0;font-size:(24|34)px;line-height:(32|42)px;font-weight:(700|800);$/,
          );
          // mj-title stays the document title (and the headline's text is the catalog's, not empty).
          expect(html).toMatch(/<title>[^<]+<\/title>/);
          expect(h1[0]?.[2]?.trim()).not.toBe('');
        }
      }
    }
  });
});
