import { describe, expect, it } from 'vitest';
import { createRenderer, getPreviewStates, listBrands, listTemplates } from '../../../src/index.js';
import type { RegistryModule } from '../../../src/types.js';

describe('catalogs', () => {
  it('lists templates by id with their trigger, variants and preview state names', () => {
    const ids = listTemplates().map((t) => t.id);
    const signUp = listTemplates().find((t) => t.id === 'sign-up');

    expect(ids).toEqual([...ids].sort());
    expect(signUp).toEqual(
      expect.objectContaining({
        trigger: 'SignUp',
        triggerSource: 'CustomEmailSender_SignUp',
        variantOf: null,
        variants: ['welcome-rich'],
        previewStates: ['default', 'no-name'],
      }),
    );
  });

  it('hands out copies of brands and preview states, so editing them changes nothing', () => {
    const brand = listBrands().find((b) => b.name === 'acme');
    const [state] = getPreviewStates('sign-up');
    if (!brand || !state) throw new Error('fixture missing');

    brand.displayName = 'Changed';
    state.data.username = 'changed';

    expect(listBrands().find((b) => b.name === 'acme')?.displayName).toBe('Acme');
    expect(getPreviewStates('sign-up')[0]?.data.username).not.toBe('changed');
  });

  it('refuses a registry that was never built', () => {
    expect(() => createRenderer({ ...({} as RegistryModule), formatVersion: 1, templates: {} })).toThrow(
      expect.objectContaining({ code: 'REGISTRY_NOT_BUILT' }),
    );
  });

  it('refuses a registry without brands', () => {
    const noBrands = {
      formatVersion: 1,
      templates: { x: {} },
      brands: {},
      locales: {},
    } as unknown as RegistryModule;
    expect(() => createRenderer(noBrands)).toThrow(expect.objectContaining({ code: 'REGISTRY_NOT_BUILT' }));
  });

  it('throws TEMPLATE_NOT_FOUND naming the known templates for an unknown preview template', () => {
    expect(() => getPreviewStates('nope')).toThrow(/unknown template "nope"; known templates: .*sign-up/);
  });
});
