/** `POST /api/send`: the "Send test" button, through the real dispatcher bundle. */
import type { DispatchRequest } from '../../dispatch/local-dispatcher.js';
import type { StudioContext } from '../context.js';
import { HttpError, optionalString, readJsonBody, sendJson, stringRecord } from '../http.js';
import type { Route } from '../router.js';

const OPTIONAL_FIELDS = ['locale', 'brand', 'provider', 'code', 'userName'] as const;

/**
 * The dispatch request a JSON body asks for; 400 naming the field when one is missing or mistyped.
 * @example dispatchRequestOf({ trigger: 'SignUp', email: 'jane@example.com', locale: 'de' })
 */
export function dispatchRequestOf(body: Record<string, unknown>): DispatchRequest {
  const trigger = optionalString(body, 'trigger');
  const email = optionalString(body, 'email');
  if (!trigger) throw new HttpError(400, '"trigger" is required, e.g. "ForgotPassword"');
  if (!email) throw new HttpError(400, '"email" is required, e.g. "jane@example.com"');
  const request: DispatchRequest = { trigger, email };
  for (const field of OPTIONAL_FIELDS) {
    const value = optionalString(body, field);
    if (value) request[field] = value;
  }
  const userAttributes = stringRecord(body.userAttributes, 'userAttributes');
  const clientMetadata = stringRecord(body.clientMetadata, 'clientMetadata');
  if (userAttributes) request.userAttributes = userAttributes;
  if (clientMetadata) request.clientMetadata = clientMetadata;
  return request;
}

/** One step of a send and its real elapsed time. */
export interface SendStep {
  step: 'rebuild' | 'dispatch' | 'provider';
  ms: number;
}

/**
 * A send's steps from measured times: the rebuild (when the studio rebuilds), our dispatch (event, KMS
 * stand-in, the bundle's handler) and the provider's own time from the dispatcher's outcome. The dispatch
 * step is what the send took minus the provider's part, so the steps add up to the total and none is counted
 * twice.
 * @example sendSteps({ rebuildMs: 9800, sendMs: 1200, providerMs: 300 })
 * // [{ step: 'rebuild', ms: 9800 }, { step: 'dispatch', ms: 900 }, { step: 'provider', ms: 300 }]
 */
export function sendSteps(times: {
  rebuildMs: number | null;
  sendMs: number;
  providerMs: number | null;
}): SendStep[] {
  const providerMs = Math.min(times.sendMs, Math.round(times.providerMs ?? 0));
  return [
    ...(times.rebuildMs === null ? [] : [{ step: 'rebuild' as const, ms: Math.round(times.rebuildMs) }]),
    { step: 'dispatch', ms: Math.round(times.sendMs) - providerMs },
    ...(times.providerMs === null ? [] : [{ step: 'provider' as const, ms: providerMs }]),
  ];
}

async function send(context: StudioContext, body: Record<string, unknown>): Promise<unknown> {
  const { dispatcher, log } = context;
  if (!dispatcher) throw new HttpError(503, 'the local dispatcher is still starting');
  const request = dispatchRequestOf(body);
  try {
    // "Send test" should send what the designer sees: when the studio shows the package's own sources,
    // rebuild the registry and bundle first if a save made them stale (a no-op otherwise).
    // Each step is announced as it starts, so the button shows where the time goes while it runs.
    const started = performance.now();
    if (context.rebuildBundle) {
      context.hub.broadcast('send', { step: 'rebuild' });
      await context.rebuildBundle();
    }
    const rebuilt = performance.now();
    context.hub.broadcast('send', { step: 'dispatch' });
    const result = await dispatcher.send(request);
    const totalMs = Math.round(performance.now() - started);
    // The real elapsed time per step: a send that rebuilt first must not look like a fast one.
    const steps = sendSteps({
      rebuildMs: context.rebuildBundle ? rebuilt - started : null,
      sendMs: totalMs - Math.round(rebuilt - started),
      providerMs: result.providerMs,
    });
    const id = result.messageId ? ` (${result.messageId})` : '';
    log(`✉ ${result.trigger} → ${result.to} via ${result.provider}${id}`);
    return { ok: true, result, steps, totalMs };
  } catch (error) {
    const err = error as Error & { code?: string };
    log(`✗ send test failed: ${err.message}`);
    return { ok: false, error: { code: err.code ?? 'SEND_FAILED', message: err.message } };
  }
}

/**
 * The send route.
 * @example const routes = sendRoutes(context);
 */
export function sendRoutes(context: StudioContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/send',
      async handle({ req, res }) {
        sendJson(res, 200, await send(context, await readJsonBody(req)));
      },
    },
  ];
}
