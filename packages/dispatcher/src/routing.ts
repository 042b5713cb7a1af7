/**
 * What the route step (pipeline/route.ts, step 2) calls: trigger → template, brand and locale. The trigger
 * table lives in shared-types, brand overrides and locale negotiation in the template registry; this file
 * only wires them to the event and to `DISABLED_TRIGGERS`.
 */
import { type CustomEmailSenderEvent, type TriggerInfo, triggerInfo } from '@mailroom/shared-types';
import { resolveAsSent } from '@mailroom/templates';

/** Where one event goes. */
export interface Route {
  trigger: TriggerInfo;
  brand: string;
  locale: string;
  templateId: string;
}

/** What routing decided: send with a route, or skip (and why). */
export type RouteDecision =
  | { action: 'send'; route: Route }
  | { action: 'skip'; trigger: TriggerInfo; reason: string };

/**
 * Routes a validated event.
 * @example
 * const decision = routeEvent(event, { disabledTriggers: new Set(['AccountTakeOverNotification']) });
 * if (decision.action === 'send') decision.route.templateId; // 'sign-up'
 */
export function routeEvent(
  event: CustomEmailSenderEvent,
  options: { disabledTriggers: ReadonlySet<string>; defaultLocale?: string | undefined },
): RouteDecision {
  const trigger = triggerInfo(event.triggerSource);
  // The schema already restricted triggerSource to the eight known values.
  if (!trigger) throw new TypeError(`unknown trigger source ${event.triggerSource}`);
  if (options.disabledTriggers.has(trigger.name)) {
    return { action: 'skip', trigger, reason: `trigger ${trigger.name} is in DISABLED_TRIGGERS` };
  }
  // The studio's "Auto (as sent)" preview calls the same function, so it shows what this sends.
  const { brand, locale, templateId } = resolveAsSent({
    trigger: trigger.name,
    clientId: event.callerContext.clientId,
    clientMetadata: event.request.clientMetadata ?? null,
    userAttributes: event.request.userAttributes,
    defaultLocale: options.defaultLocale ?? null,
  });
  return { action: 'send', route: { trigger, brand, locale, templateId } };
}
