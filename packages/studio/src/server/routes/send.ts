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

async function send(context: StudioContext, body: Record<string, unknown>): Promise<unknown> {
  const { dispatcher, log } = context;
  if (!dispatcher) throw new HttpError(503, 'the local dispatcher is still starting');
  const request = dispatchRequestOf(body);
  try {
    // "Send test" should send what the designer sees: when the studio shows the package's own sources,
    // rebuild the registry and bundle first if a save made them stale (a no-op otherwise).
    const started = performance.now();
    if (context.rebuildBundle) await context.rebuildBundle();
    const rebuildMs = Math.round(performance.now() - started);
    const result = await dispatcher.send(request);
    // The real elapsed time per step: a send that rebuilt first must not look like a fast one.
    const steps = [
      ...(context.rebuildBundle ? [{ step: 'rebuild', ms: rebuildMs }] : []),
      { step: 'dispatch', ms: result.ms },
    ];
    const id = result.messageId ? ` (${result.messageId})` : '';
    log(`✉ ${result.trigger} → ${result.to} via ${result.provider}${id}`);
    return { ok: true, result, steps, totalMs: Math.round(performance.now() - started) };
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
