import type { PreviewState, Renderer, RenderInput, TemplateMeta } from '../../src/index.js';
import { TemplateError } from '../../src/index.js';

/**
 * The `TemplateError` a call throws (any other outcome fails the test).
 * @example expect(errorOf(() => render({ data: ana })).code).toBe('TEMPLATE_NOT_FOUND');
 */
export function errorOf(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error('expected a TemplateError');
}

/** One cell of the preview matrix: a template's state rendered in one locale for one brand. */
export interface Combination {
  template: TemplateMeta;
  state: PreviewState;
  locale: string;
  brand: string;
  input: RenderInput & { templateId: string; locale: string; brand: string };
}

/**
 * Every template × preview state × locale × brand a renderer knows, as render inputs.
 * @example for (const { input } of everyCombination(shipped)) expect(() => shipped.render(input)).not.toThrow();
 */
export function everyCombination(
  renderer: Pick<Renderer, 'listTemplates' | 'getPreviewStates' | 'listLocales' | 'listBrands'>,
): Combination[] {
  const all: Combination[] = [];
  for (const template of renderer.listTemplates()) {
    for (const state of renderer.getPreviewStates(template.id)) {
      for (const locale of renderer.listLocales()) {
        for (const { name: brand } of renderer.listBrands()) {
          const input = { templateId: template.id, locale, brand, data: state.data };
          all.push({ template, state, locale, brand, input });
        }
      }
    }
  }
  return all;
}
