/** What the page lists and renders, read off the renderer over the compiled sources. */
import type { BrandMeta, RegistryLocale, Renderer } from '@mailroom/templates/renderer';
import type { StudioBrand, StudioLocale, StudioRender, StudioRenderInput, StudioTemplate } from '../types.js';

/**
 * Every template with its variants and preview states, as the sidebar lists them.
 * @example listTemplates(renderer).map((t) => t.id) // ['sign-up', …]
 */
export function listTemplates(renderer: Renderer | null): StudioTemplate[] {
  if (!renderer) return [];
  return renderer.listTemplates().map((t) => ({
    id: t.id,
    trigger: t.trigger,
    triggerSource: t.triggerSource,
    variantOf: t.variantOf,
    variants: t.variants,
    description: t.description,
    previewStates: renderer.getPreviewStates(t.id).map((s) => ({
      name: s.name,
      description: s.description,
      data: s.data as unknown as Record<string, unknown>,
      ...(s.callerContext ? { callerContext: s.callerContext } : {}),
    })),
  }));
}

/**
 * The locales, sorted by code.
 * @example listLocales(locales) // [{ code: 'de', name: 'Deutsch', dir: 'ltr' }, …]
 */
export function listLocales(locales: readonly RegistryLocale[]): StudioLocale[] {
  return locales
    .map((l) => ({ code: l.code, name: l.name, dir: l.dir }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * The brands, as the brand switcher and "Send test" see them.
 * @example listBrands(brands)[0]?.clientIds
 */
export function listBrands(brands: readonly BrandMeta[]): StudioBrand[] {
  return brands.map((b) => ({
    name: b.name,
    displayName: b.displayName,
    default: b.default,
    clientIds: [...b.clientIds],
    templates: { ...b.templates } as Record<string, string>,
    defaultLocale: b.defaultLocale,
    primaryColor: b.colors.primary ?? null,
  }));
}

/** What the preview shows as headers: the dispatcher's own (buildMessage); brand and locale travel as metadata. */
function previewHeaders(
  from: string,
  to: string,
  subject: string,
  trigger: string,
  templateId: string,
): Record<string, string> {
  return {
    From: from,
    To: to,
    Subject: subject,
    ...(process.env.EMAIL_REPLY_TO ? { 'Reply-To': process.env.EMAIL_REPLY_TO } : {}),
    'X-Mailroom-Trigger': trigger,
    'X-Mailroom-Template': templateId,
    'Content-Type': 'multipart/alternative: text/plain + text/html, UTF-8',
  };
}

/**
 * Renders one email for the preview, with its headers, size and render time.
 * @example renderPreview(renderer, 'Dev <dev@x.test>', { templateId: 'sign-up', data: { username: 'ana' } })
 */
export function renderPreview(renderer: Renderer, from: string, input: StudioRenderInput): StudioRender {
  const started = performance.now();
  const data = input.data as unknown as Parameters<Renderer['render']>[0]['data'];
  const brand = input.brand ?? renderer.resolveBrand({ clientMetadata: data.clientMetadata ?? null });
  const email = renderer.render({
    templateId: input.templateId,
    brand,
    data,
    ...(input.locale ? { locale: input.locale } : {}),
  });
  const meta = renderer.listTemplates().find((t) => t.id === email.templateId);
  const to = (typeof data.email === 'string' && data.email) || data.userAttributes?.email || '';
  return {
    templateId: email.templateId,
    locale: email.locale,
    brand,
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: previewHeaders(from, to, email.subject, meta?.trigger ?? '', email.templateId),
    htmlBytes: Buffer.byteLength(email.html, 'utf8'),
    renderMs: Math.round((performance.now() - started) * 10) / 10,
  };
}
