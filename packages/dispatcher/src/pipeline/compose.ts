/**
 * Step 7 of 9, compose (validate → route → pool guard → decrypt → recipient → render → compose → deliver →
 * report): the provider-neutral `EmailMessage` (headers checked single-line, tags, metadata, the idempotency
 * key from the event's identity; ../message.ts). When a provider hosts its own template for this trigger and
 * brand, the message also carries the render step's data for it (`PROVIDER_TEMPLATES`).
 */
import { buildMessage, eventIdentity } from '../message.js';
import { providerTemplateData } from '../provider-templates.js';
import type { Runtime } from '../runtime.js';
import type { Composed, Rendered } from './delivery.js';

/**
 * Builds the message. Throws `HEADER_UNSAFE` (permanent).
 * @example const composed = compose(rendered, rt); composed.message.idempotencyKey // 64 hex chars
 */
export function compose(rendered: Rendered, rt: Runtime): Composed {
  const { config, providerTemplates } = rt;
  const { event, route, data } = rendered;
  const message = buildMessage({
    from: config.from,
    replyTo: config.replyTo,
    to: rendered.recipient.address,
    rendered: rendered.rendered,
    route,
    userPoolId: event.userPoolId,
    idempotencySource: eventIdentity(event),
  });
  // Providers that host their own template for this trigger/brand get it, filled with the same data; the
  // others send the HTML rendered above.
  const hosted =
    providerTemplates.size > 0 &&
    providerTemplates.request(
      route.trigger.name,
      route.brand,
      providerTemplateData({
        ...data,
        codeKind: route.trigger.codeKind,
        trigger: route.trigger.name,
        brand: route.brand,
        locale: rendered.rendered.locale,
      }),
    );
  if (hosted) message.providerTemplate = hosted;
  return { ...rendered, message };
}
