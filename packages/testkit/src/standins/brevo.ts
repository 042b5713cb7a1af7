/**
 * Brevo v3 stand-in: `POST /v3/smtp/email` with the `api-key` header.
 *
 * URL convention: `url` ends in `/v3` (like `https://api.brevo.com/v3`); the SDK appends `smtp/email`.
 *
 * Body: `sender { name?, email }`, `to [{ email, name? }]`, `cc`/`bcc`, `replyTo`, `subject`, `htmlContent`,
 * `textContent`, `headers` (string values, single-line), `tags` (strings), `params`, `templateId` (positive
 * integer; when present `sender`, `subject` and content may come from the template).
 * Headers with meaning here (both live in the body's `headers`, which is where the SDK sends them):
 * - `X-Sib-Sandbox: drop` → answered 201 as usual but recorded with `sandbox: true` (Brevo drops it).
 * - `idempotencyKey` → Brevo's documented idempotency field (developers.brevo.com: "Email API now supports
 *   idempotency", 2021-11-10, and "Idempotency for batch emails"): it must be a UUID (400
 *   `invalid_parameter` otherwise, the stand-in's reading: the answer is not documented), and a repeat
 *   within the time-to-live (documented as 15 minutes in the changelog, 30 minutes in the guide; default
 *   15 here, `idempotencyTtlMs`) is refused with `duplicate_parameter` (status 400 is the stand-in's
 *   reading) and not processed. An `Idempotency-Key` header has no meaning to Brevo and none here.
 * `X-Mailin-custom` (Brevo's webhook metadata) becomes `metadata`: a JSON object's entries, else
 * `{ 'X-Mailin-custom': <value> }`.
 * Answers: 201 `{ messageId: '<…@smtp-relay.mailin.fr>' }`; 400 `{ code, message }` (`missing_parameter`,
 * `invalid_parameter`); 401 `{ code: 'unauthorized', message: 'Key not found' }`.
 *
 * How `@getbrevo/brevo` 6.0.3 (`@getbrevo/brevo/transactionalEmails`, `maxRetries: 0`) surfaces each outcome
 * (checked by test/integration/standins/brevo.test.ts):
 * - 400: `BadRequestError` (`name: 'BadRequestError'`, subclass of `BrevoError`), `statusCode: 400`,
 *   `body: { code, message }`, `rawResponse.headers.get(…)`.
 * - other statuses (401, 429, 5xx): plain `BrevoError`, `statusCode`, `body`, and
 *   `rawResponse.headers.get('retry-after')` readable. Without `maxRetries: 0` the SDK itself retries
 *   408/429/5xx twice, honouring Retry-After.
 * - timeout (`timeoutInSeconds`): NOT `BrevoTimeoutError`: the SDK aborts fetch with the string reason
 *   'timeout', which lands in its "unknown" branch: a plain `BrevoError`, no `statusCode`, `cause: 'timeout'`
 *   (a string), `message: '"timeout"'` (JSON-quoted). An `abortSignal` the caller aborts gives
 *   `message: 'The user aborted a request'` instead.
 * - connection reset: `BrevoError`, no `statusCode`, `message: 'fetch failed'`; `cause` is undici's
 *   `TypeError: fetch failed`, whose `cause.code` is `'UND_ERR_SOCKET'` (other socket errors: `ECONNRESET`,
 *   `ECONNREFUSED`).
 * - malformed 201 body: no error; the send resolves with data
 *   `{ ok: false, error: { reason: 'non-json', statusCode: 201, rawBody } }` and no `messageId`.
 */
import { isEmailAddress } from '@mailroom/shared-types';
import type { AcceptedMessage, HttpExchange, HttpReply, StandIn } from './core.js';
import {
  acceptedMessage,
  exposeStandIn,
  header,
  headerValue,
  isRecord,
  parseJson,
  randomId,
  recordedSender,
  startHttpStandIn,
} from './core.js';

/** Options for {@link startBrevoStandIn}. */
export interface BrevoStandInOptions {
  /** The only key accepted in the `api-key` header. Default `xkeysib-test`. */
  apiKey?: string;
  /** How long an `idempotencyKey` blocks a repeat. Default 15 minutes (Brevo documents 15–30). */
  idempotencyTtlMs?: number;
}

/** Brevo's shortest documented idempotency time-to-live. */
const DEFAULT_IDEMPOTENCY_TTL_MS = 15 * 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Starts a Brevo transactional-email stand-in on a random loopback port.
 * @example
 * const brevo = await startBrevoStandIn({ apiKey: 'xkeysib-test' });
 * const client = new TransactionalEmailsClient({ apiKey: 'xkeysib-test', baseUrl: brevo.url, maxRetries: 0 });
 */
export async function startBrevoStandIn(opts: BrevoStandInOptions = {}): Promise<StandIn> {
  const apiKey = opts.apiKey ?? 'xkeysib-test';
  const accepted: AcceptedMessage[] = [];
  /** idempotencyKey → when it stops blocking a repeat (epoch ms). */
  const seenKeys = new Map<string, number>();
  const ttlMs = opts.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;

  const server = await startHttpStandIn({
    route: (exchange) => route(exchange, apiKey, accepted, { seenKeys, ttlMs }),
    faultReply: (status, body) => ({
      status,
      body: body ?? {
        code:
          { 400: 'bad_request', 401: 'unauthorized', 429: 'too_many_requests' }[status] ?? 'internal_error',
        message: status === 401 ? 'Key not found' : `injected ${status}`,
      },
    }),
    malformedReply: () => ({
      status: 201,
      headers: { 'content-type': 'application/json' },
      body: '{"messageId": "<broken',
    }),
  });

  return exposeStandIn<StandIn>(server, `${server.origin}/v3`, { accepted });
}

function problem(status: number, code: string, message: string): HttpReply {
  return { status, body: { code, message }, reason: `${code}: ${message}` };
}

const invalid = (message: string): HttpReply => problem(400, 'invalid_parameter', message);
const missing = (name: string): HttpReply => problem(400, 'missing_parameter', `${name} is missing`);

function senderProblem(body: Record<string, unknown>, hasTemplate: boolean): HttpReply | undefined {
  const sender = body.sender;
  if (sender === undefined) return hasTemplate ? undefined : missing('sender');
  if (!isRecord(sender) || (!isEmailAddress(sender.email) && typeof sender.id !== 'number')) {
    return invalid('valid sender email required');
  }
  return undefined;
}

function recipientsProblem(body: Record<string, unknown>): HttpReply | undefined {
  const to = body.to;
  if (!Array.isArray(to) || to.length === 0) return missing('to');
  for (const kind of ['to', 'cc', 'bcc'] as const) {
    const list = body[kind];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return invalid(`${kind} must be an array of { email, name? }`);
    if (list.some((entry: unknown) => !isRecord(entry) || !isEmailAddress(entry.email))) {
      return invalid(`email is not valid in ${kind}`);
    }
  }
  if (body.replyTo !== undefined && (!isRecord(body.replyTo) || !isEmailAddress(body.replyTo.email))) {
    return invalid('email is not valid in replyTo');
  }
  return undefined;
}

function contentProblem(body: Record<string, unknown>, hasTemplate: boolean): HttpReply | undefined {
  if (hasTemplate) return undefined;
  if (typeof body.subject !== 'string' || body.subject === '') return missing('subject');
  if (typeof body.htmlContent !== 'string' && typeof body.textContent !== 'string')
    return missing('htmlContent');
  return undefined;
}

/** The request's headers as strings, or the problem with the first bad one. */
function headersOf(
  body: Record<string, unknown>,
): { headers: Record<string, string> } | { problem: HttpReply } {
  const headers: Record<string, string> = {};
  if (body.headers === undefined) return { headers };
  if (!isRecord(body.headers)) return { problem: invalid('headers must be an object') };
  for (const [name, value] of Object.entries(body.headers)) {
    if (typeof value !== 'string' && typeof value !== 'number') {
      return { problem: invalid(`header ${name} must be a string or a number`) };
    }
    if (/[\r\n]/.test(name) || /[\r\n]/.test(String(value))) {
      return { problem: invalid(`header ${name.replace(/[\r\n]/g, ' ')} must be a single line`) };
    }
    headers[name] = String(value);
  }
  return { headers };
}

function extrasProblem(body: Record<string, unknown>): HttpReply | undefined {
  const tags = body.tags;
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string' || t === ''))) {
    return invalid('tags must be an array of non-empty strings');
  }
  if (body.params !== undefined && !isRecord(body.params)) return invalid('params must be an object');
  return undefined;
}

/** Brevo's idempotency key: a UUID, refused while an earlier request with it is remembered. */
function idempotencyProblem(
  body: Record<string, unknown>,
  idempotency: { seenKeys: Map<string, number>; ttlMs: number },
): HttpReply | undefined {
  const key = isRecord(body.headers) ? body.headers.idempotencyKey : undefined;
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !UUID.test(key)) return invalid('idempotencyKey must be a UUID');
  const now = Date.now();
  const blockedUntil = idempotency.seenKeys.get(key);
  if (blockedUntil !== undefined && now < blockedUntil) {
    return problem(400, 'duplicate_parameter', 'idempotencyKey has already been used');
  }
  idempotency.seenKeys.set(key, now + idempotency.ttlMs);
  return undefined;
}

function acceptedFrom(
  body: Record<string, unknown>,
  headers: Record<string, string>,
  messageId: string,
): AcceptedMessage {
  const sender = body.sender;
  const from = isRecord(sender) && typeof sender.email === 'string' ? sender.email : undefined;
  const fromName = isRecord(sender) && typeof sender.name === 'string' ? sender.name : undefined;
  const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return acceptedMessage({
    messageId,
    from: from === undefined ? '' : recordedSender(from, fromName),
    to: (body.to as { email: string }[]).map((t) => t.email),
    replyTo: isRecord(body.replyTo) ? asString(body.replyTo.email) : undefined,
    subject: asString(body.subject),
    html: asString(body.htmlContent),
    text: asString(body.textContent),
    headers,
    tags: (body.tags as string[] | undefined) ?? [],
    metadata: metadataOf(headerValue(headers, 'x-mailin-custom')),
    template:
      body.templateId !== undefined
        ? { id: String(body.templateId), data: (body.params as Record<string, unknown> | undefined) ?? {} }
        : undefined,
    sandbox: headerValue(headers, 'x-sib-sandbox')?.toLowerCase() === 'drop',
    raw: body,
  });
}

function route(
  exchange: HttpExchange,
  apiKey: string,
  accepted: AcceptedMessage[],
  idempotency: { seenKeys: Map<string, number>; ttlMs: number },
): HttpReply {
  if (exchange.path !== '/v3/smtp/email' || exchange.method !== 'POST') {
    return problem(404, 'not_found', `no route for ${exchange.method} ${exchange.path}`);
  }
  if (header(exchange.headers, 'api-key') !== apiKey) return problem(401, 'unauthorized', 'Key not found');
  const body = parseJson(exchange.body);
  if (!isRecord(body)) return problem(400, 'bad_request', 'Input must be a valid JSON object');
  const templateId = body.templateId;
  if (templateId !== undefined && !(Number.isInteger(templateId) && (templateId as number) > 0)) {
    return invalid('templateId must be a positive integer');
  }
  const hasTemplate = templateId !== undefined;
  const refused =
    senderProblem(body, hasTemplate) ?? recipientsProblem(body) ?? contentProblem(body, hasTemplate);
  if (refused) return refused;
  const parsedHeaders = headersOf(body);
  if ('problem' in parsedHeaders) return parsedHeaders.problem;
  const more = extrasProblem(body) ?? idempotencyProblem(body, idempotency);
  if (more) return more;
  const messageId = `<${new Date().toISOString().replace(/\D/g, '').slice(0, 12)}.${randomId(6)}@smtp-relay.mailin.fr>`;
  accepted.push(acceptedFrom(body, parsedHeaders.headers, messageId));
  return { status: 201, body: { messageId } };
}

function metadataOf(custom: string | undefined): Record<string, string> {
  if (custom === undefined) return {};
  const parsed = parseJson(Buffer.from(custom));
  if (isRecord(parsed)) {
    return Object.fromEntries(
      Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    );
  }
  return { 'X-Mailin-custom': custom };
}
