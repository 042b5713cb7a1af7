import { describe, expect, it } from 'vitest';
import { getPreviewStates, listBrands, listLocales, listTemplates, render } from '../../src/index.js';

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
