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

/** Form fields by name, repeated names kept in order. */
class Fields {
  constructor(readonly entries: [string, string][]) {}
  all(name: string): string[] {
    return this.entries.filter(([k]) => k === name).map(([, v]) => v);
  }
  one(name: string): string | undefined {
    return this.all(name)[0];
  }
}

/** 404 for another path, 401 for a wrong key, 404 for another domain (as Mailgun answers). */
function gateProblem(exchange: HttpExchange, apiKey: string, domain: string): HttpReply | undefined {
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
  return undefined;
}

/** The `to` addresses, or the problem with the first bad address among from/to/cc/bcc. */
function addresses(fields: Fields): { to: string[] } | { problem: HttpReply } {
  const from = fields.one('from');
  if (from === undefined || from.trim() === '') return { problem: bad("'from' parameter is missing") };
  if (parseAddressList(from).length !== 1 || parseAddressList(from)[0] === undefined) {
    return { problem: bad("'from' parameter is not a valid address. please check documentation") };
  }
  if (fields.all('to').length === 0) return { problem: bad("'to' parameter is missing") };
  const to: string[] = [];
  for (const kind of ['to', 'cc', 'bcc']) {
    for (const address of fields.all(kind).flatMap((value) => parseAddressList(value))) {
      if (address === undefined) {
        return { problem: bad(`${kind} parameter is not a valid address. please check documentation`) };
      }
      if (kind === 'to') to.push(address);
    }
  }
  return { to };
}

/** `h:` headers (Reply-To apart), or the problem with the first bad one. */
function headersOf(
  fields: Fields,
): { headers: Record<string, string>; replyTo?: string } | { problem: HttpReply } {
  const headers: Record<string, string> = {};
  let replyTo: string | undefined;
  for (const [name, value] of fields.entries) {
    if (!name.startsWith('h:')) continue;
    const headerName = name.slice(2);
    if (/[\r\n]/.test(value) || /[\r\n:\s]/.test(headerName) || headerName === '') {
      return {
        problem: bad(`header '${headerName.replace(/[\r\n]/g, ' ')}' is not a valid single-line header`),
      };
    }
    if (headerName.toLowerCase() !== 'reply-to') {
      headers[headerName] = value;
      continue;
    }
    const [address, ...rest] = parseAddressList(value);
    if (address === undefined || rest.length > 0)
      return { problem: bad("'h:Reply-To' is not a valid address") };
    replyTo = address;
  }
  return { headers, ...(replyTo === undefined ? {} : { replyTo }) };
}

function tagsProblem(tags: string[]): HttpReply | undefined {
  if (tags.length > MAX_TAGS) return bad(`too many tags: at most ${MAX_TAGS} o:tag values per message`);
  const badTag = tags.find((tag) => tag === '' || tag.length > 128 || /[^\x20-\x7e]/.test(tag));
  return badTag === undefined ? undefined : bad(`tag '${badTag}' must be 1–128 printable ASCII characters`);
}

/** `t:variables` (or the X-Mailgun-Variables header) as an object, or the problem. */
function templateDataOf(
  variables: string | undefined,
): { data: Record<string, unknown> } | { problem: HttpReply } {
  if (variables === undefined) return { data: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(variables);
  } catch {
    return { problem: bad("'t:variables' must be a valid JSON object") };
  }
  return isRecord(parsed) ? { data: parsed } : { problem: bad("'t:variables' must be a valid JSON object") };
}

async function route(
  exchange: HttpExchange,
  apiKey: string,
  domain: string,
  accepted: AcceptedMessage[],
): Promise<HttpReply> {
  const refused = gateProblem(exchange, apiKey, domain);
  if (refused) return refused;
  const entries = await readForm(exchange);
  if (entries === undefined) return bad('request body must be multipart/form-data or urlencoded');
  const fields = new Fields(entries);
  const to = addresses(fields);
  if ('problem' in to) return to.problem;
  const one = (name: string) => fields.one(name);
  const template = one('template');
  const text = one('text');
  const html = one('html');
  if (text === undefined && html === undefined && one('amp-html') === undefined && template === undefined) {
    return bad("Need at least one of 'text', 'html', 'amp-html' or 'template' parameters specified");
  }
  const parsedHeaders = headersOf(fields);
  if ('problem' in parsedHeaders) return parsedHeaders.problem;
  const tags = fields.all('o:tag');
  const tagProblem = tagsProblem(tags);
  if (tagProblem) return tagProblem;
  const metadata = Object.fromEntries(
    entries.filter(([name]) => name.startsWith('v:')).map(([name, value]) => [name.slice(2), value]),
  );
  const templateData = templateDataOf(one('t:variables') ?? parsedHeaders.headers['X-Mailgun-Variables']);
  if ('problem' in templateData) return templateData.problem;
  const testmode = (one('o:testmode') ?? '').toLowerCase();
  const id = `<${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}.${randomId(8)}@${domain}>`;
  accepted.push(
    acceptedMessage({
      messageId: id,
      from: one('from') as string,
      to: to.to,
      replyTo: parsedHeaders.replyTo,
      subject: one('subject'),
      html,
      text,
      headers: parsedHeaders.headers,
      tags,
      metadata,
      template: template === undefined ? undefined : { id: template, data: templateData.data },
      sandbox: testmode === 'yes' || testmode === 'true',
      raw: entries,
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
