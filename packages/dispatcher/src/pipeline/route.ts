/**
 * Step 2 of 9, route (validate → route → pool guard → decrypt → recipient → render → compose → deliver →
 * report): trigger → template, brand and locale (routing.ts). A trigger in `DISABLED_TRIGGERS` is skipped
 * here, before any KMS call. Also decides whether there is a ciphertext to decrypt at all.
 */
import { routeEvent } from '../routing.js';
import type { Runtime } from '../runtime.js';
import { type Routed, type Skip, skip, type Validated } from './delivery.js';

/**
 * Routes the event, or skips a disabled trigger.
 * @example const routed = route(validated, rt); if (isSkip(routed)) return routed;
 */
export function route(validated: Validated, rt: Runtime): Routed | Skip {
  const { event } = validated;
  const decision = routeEvent(event, {
    disabledTriggers: rt.config.disabledTriggers,
    defaultLocale: rt.config.defaultLocale,
  });
  if (decision.action === 'skip') return skip(validated, decision.reason);
  const { route } = decision;
  const hasCode = route.trigger.codeKind !== 'none' && Boolean(event.request.code);
  return {
    ...validated,
    facts: { ...validated.facts, templateId: route.templateId, locale: route.locale, brand: route.brand },
    route,
    ciphertext: hasCode ? event.request.code : null,
  };
}
