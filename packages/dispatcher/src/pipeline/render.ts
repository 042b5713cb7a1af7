/**
 * Step 6 of 9, render (validate → route → pool guard → decrypt → recipient → render → compose → deliver →
 * report): builds the email's per-user data ONCE (compose hands the same data to provider-hosted templates)
 * and renders the precompiled template (Handlebars over build-time MJML HTML) → `{ subject, html, text }`.
 * A registry problem throws a `TemplateError` (permanent: a deployment bug).
 */
import { render as renderTemplate } from '@mailroom/templates';
import type { Runtime } from '../runtime.js';
import type { Addressed, Rendered, TemplateData } from './delivery.js';

/**
 * The one data object of this email: the decrypted code, the user, the address, `APP_URL` when set.
 * @example templateData(addressed, rt).code // '123456'
 */
export function templateData(addressed: Addressed, rt: Runtime): TemplateData {
  const { event } = addressed;
  return {
    code: addressed.code,
    username: event.userName,
    email: addressed.recipient.address,
    userAttributes: event.request.userAttributes,
    clientMetadata: event.request.clientMetadata ?? null,
    ...(rt.config.appUrl ? { appUrl: rt.config.appUrl } : {}),
  };
}

/**
 * Renders the routed template with the email's data.
 * @example const rendered = render(addressed, rt); rendered.rendered.subject
 */
export function render(addressed: Addressed, rt: Runtime): Rendered {
  const { route } = addressed;
  const data = templateData(addressed, rt);
  const rendered = renderTemplate({
    templateId: route.templateId,
    locale: route.locale,
    brand: route.brand,
    trigger: route.trigger.name,
    data,
  });
  const facts = { ...addressed.facts, templateId: rendered.templateId, locale: rendered.locale };
  return { ...addressed, facts, data, rendered };
}
