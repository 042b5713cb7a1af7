/**
 * Mailgun v3 stand-in: `POST /v3/<domain>/messages`, multipart/form-data (or urlencoded), basic auth
 * `api:<key>`.
 *
 * URL convention: `url` is the origin without `/v3` (like `https://api.mailgun.net`); mailgun.js adds `/v3`.
 *
 * Fields: `from`, `to` (repeated or comma list), `cc`, `bcc`, `subject`, `text`, `html`, `h:<Header>` (incl.
 * `h:Reply-To`), `o:tag` (repeated, ≤ 10), `v:<name>` (metadata), `o:testmode` (`yes`/`true` → recorded with
 * `sandbox: true`, still answered 200 like the real API), `template` + `t:variables` (a JSON object).
 * Answers: 200 `{ id: '<…@domain>', message: 'Queued. Thank you.' }`; 400 `{ message }` for contract
 * violations; 401 text `Forbidden` for a missing or wrong key; 404 `{ message: 'Domain not found: …' }`.
 *
 * How `mailgun.js` 14.0.1 (with Node's `FormData`) surfaces each outcome (checked by
 * test/integration/standins/mailgun.test.ts):
 * - error status: rejects with a `MailgunAPIError` (minified class name, `name: 'Error'`,
 *   `type: 'MailgunAPIError'`, own keys `status`, `details`, `type`, `message`): `status` = the HTTP status,
 *   `message` = the status text (`Too Many Requests`), `details` = the body's `message` (or the whole text
 *   body, e.g. `Forbidden` for 401). Response headers are NOT exposed: a Retry-After is invisible.
 * - timeout (client option `timeout`): `MailgunAPIError` with `status: 400` (!), `message: 'ECONNABORTED'`,
 *   `details: 'timeout of <ms>ms exceeded'` — classify by message, never by status alone.
 * - connection reset: `MailgunAPIError` with `status: 400`, `message: 'ECONNRESET'`, `details: 'socket hang up'`.
 * - malformed 200 body: resolves `{ status: 200, message: <the raw text> }` with no `id`.
 */
import type { AcceptedMessage, HttpExchange, HttpReply, StandIn } from './core.js';
import {
  acceptedMessage,
  exposeStandIn,
  header,
  isRecord,
  parseAddressList,
  randomId,
  startHttpStandIn,
} from './core.js';

/** Options for {@link startMailgunStandIn}. */
export interface MailgunStandInOptions {
  /** The only key accepted as basic auth `api:<apiKey>`. Default `key-test`. */
  apiKey?: string;
  /** The only sending domain accepted in the path. Default `mg.mailroom.test`. */
  domain?: string;
}

const MAX_TAGS = 10;

/**
 * Starts a Mailgun messages stand-in on a random loopback port.
 * @example
 * const mg = await startMailgunStandIn({ apiKey: 'key-test', domain: 'mg.example.com' });
 * const client = new Mailgun(FormData).client({ username: 'api', key: 'key-test', url: mg.url });
 * await client.messages.create('mg.example.com', { from: 'a@mg.example.com', to: ['b@example.com'], text: 'hi' });
 */
export async function startMailgunStandIn(opts: MailgunStandInOptions = {}): Promise<StandIn> {
  const apiKey = opts.apiKey ?? 'key-test';
  const domain = opts.domain ?? 'mg.mailroom.test';
  const accepted: AcceptedMessage[] = [];

  const server = await startHttpStandIn({
    route: (exchange) => route(exchange, apiKey, domain, accepted),
    faultReply: (status, body) =>
      body !== undefined
        ? { status, body }
        : status === 401
          ? { status, headers: { 'content-type': 'text/plain' }, body: 'Forbidden' }
          : { status, body: { message: status === 429 ? 'Too many requests' : `injected ${status}` } },
    malformedReply: () => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"id": "<broken@',
    }),
  });

  return exposeStandIn<StandIn>(server, server.origin, { accepted });
}

function bad(message: string): HttpReply {
  return { status: 400, body: { message }, reason: message };
}

async function route(
  exchange: HttpExchange,
  apiKey: string,
  domain: string,
  accepted: AcceptedMessage[],
): Promise<HttpReply> {
  const match = /^\/v3\/([^/]+)\/messages$/.exec(exchange.path);
  if (match === null || exchange.method !== 'POST') {
    return {
      status: 404,
      body: { message: 'Not Found' },
      reason: `no route for ${exchange.method} ${exchange.path}`,
    };
  }
  const expected = `Basic ${Buffer.from(`api:${apiKey}`).toString('base64')}`;
  if (header(exchange.headers, 'authorization') !== expected) {
    return {
      status: 401,
      headers: { 'content-type': 'text/plain' },
      body: 'Forbidden',
      reason: 'wrong API key',
    };
  }
  const requestedDomain = decodeURIComponent(match[1] as string);
  if (requestedDomain !== domain) {
    const message = `Domain not found: ${requestedDomain}`;
    return { status: 404, body: { message }, reason: message };
  }

  const fields = await readForm(exchange);
  if (fields === undefined) return bad('request body must be multipart/form-data or urlencoded');
  const all = (name: string): string[] => fields.filter(([k]) => k === name).map(([, v]) => v);
  const one = (name: string): string | undefined => all(name)[0];

  const from = one('from');
  if (from === undefined || from.trim() === '') return bad("'from' parameter is missing");
  if (parseAddressList(from).length !== 1 || parseAddressList(from)[0] === undefined) {
    return bad("'from' parameter is not a valid address. please check documentation");
  }
  const toValues = all('to');
  if (toValues.length === 0) return bad("'to' parameter is missing");
  const to: string[] = [];
  for (const kind of ['to', 'cc', 'bcc']) {
    for (const value of all(kind)) {
      for (const address of parseAddressList(value)) {
        if (address === undefined)
          return bad(`${kind} parameter is not a valid address. please check documentation`);
        if (kind === 'to') to.push(address);
      }
    }
  }
  const template = one('template');
  const text = one('text');
  const html = one('html');
  if (text === undefined && html === undefined && one('amp-html') === undefined && template === undefined) {
    return bad("Need at least one of 'text', 'html', 'amp-html' or 'template' parameters specified");
  }

  const headers: Record<string, string> = {};
  let replyTo: string | undefined;
  for (const [name, value] of fields) {
    if (!name.startsWith('h:')) continue;
    const headerName = name.slice(2);
    if (/[\r\n]/.test(value) || /[\r\n:\s]/.test(headerName) || headerName === '') {
      return bad(`header '${headerName.replace(/[\r\n]/g, ' ')}' is not a valid single-line header`);
    }
    if (headerName.toLowerCase() === 'reply-to') {
      const [address, ...rest] = parseAddressList(value);
      if (address === undefined || rest.length > 0) return bad("'h:Reply-To' is not a valid address");
      replyTo = address;
    } else {
      headers[headerName] = value;
    }
  }

  const tags = all('o:tag');
  if (tags.length > MAX_TAGS) return bad(`too many tags: at most ${MAX_TAGS} o:tag values per message`);
  const badTag = tags.find((tag) => tag === '' || tag.length > 128 || /[^\x20-\x7e]/.test(tag));
  if (badTag !== undefined) return bad(`tag '${badTag}' must be 1–128 printable ASCII characters`);

  const metadata: Record<string, string> = {};
  for (const [name, value] of fields) {
    if (name.startsWith('v:')) metadata[name.slice(2)] = value;
  }

  let templateData: Record<string, unknown> = {};
  const variables = one('t:variables') ?? headers['X-Mailgun-Variables'];
  if (variables !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(variables);
    } catch {
      return bad("'t:variables' must be a valid JSON object");
    }
    if (!isRecord(parsed)) return bad("'t:variables' must be a valid JSON object");
    templateData = parsed;
  }

  const testmode = (one('o:testmode') ?? '').toLowerCase();
  const sandbox = testmode === 'yes' || testmode === 'true';
  const id = `<${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}.${randomId(8)}@${domain}>`;
  accepted.push(
    acceptedMessage({
      messageId: id,
      from,
      to,
      replyTo,
      subject: one('subject'),
      html,
      text,
      headers,
      tags,
      metadata,
      template: template === undefined ? undefined : { id: template, data: templateData },
      sandbox,
      raw: fields,
    }),
  );
  return { status: 200, body: { id, message: 'Queued. Thank you.' } };
}

/** Form fields in order, repeated names kept (`to`, `o:tag`). Files are ignored. */
async function readForm(exchange: HttpExchange): Promise<[string, string][] | undefined> {
  const contentType = header(exchange.headers, 'content-type') ?? '';
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(contentType)) return undefined;
  try {
    // undici's multipart parser is the same one `Request.formData()` uses for fetch responses: no extra dependency.
    const form = await new Request('http://stand-in/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: exchange.body,
    }).formData();
    const fields: [string, string][] = [];
    form.forEach((value, name) => {
      if (typeof value === 'string') fields.push([name, value]);
    });
    return fields;
  } catch {
    return undefined;
  }
}
