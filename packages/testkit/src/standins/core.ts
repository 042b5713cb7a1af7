/**
 * Shared machinery for the provider stand-ins: a loopback HTTP server with keep-alive, fault injection
 * (`FaultSpec`), request counting and a `close()` that always ends quickly (open keep-alive sockets and
 * requests parked in a `delayMs` fault are destroyed, never awaited).
 *
 * Recording rules, the same for every stand-in:
 * - `requestCount` counts every request that reached a handler (faulted ones included).
 * - `accepted` holds what the provider would have delivered (or swallowed in sandbox mode, `sandbox: true`).
 * - `rejected` holds every non-2xx answer with a reason; injected faults are recorded too, with
 *   reasons starting `fault:` (`status: 0` for a reset, or for a delay the client gave up on).
 * - A `delayMs` fault waits, then handles the request normally; if the client went away meanwhile (its
 *   timeout fired) nothing is accepted, so "exactly one accepted send" stays deterministic.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { isEmailAddress } from '@mailroom/shared-types';
import { readRequestBody, startListening } from '../net.js';

/**
 * What a stand-in should do instead of (or before) answering normally. `times` limits how many requests
 * the fault applies to; without it the fault stays until `fail(null)`.
 */
export type FaultSpec = (
  | { status: number; retryAfter?: number; body?: unknown }
  | { delayMs: number }
  | { reset: true }
  | { malformed: true }
) & { times?: number };

/** One message a stand-in accepted, normalised across providers. */
export interface AcceptedMessage {
  messageId: string;
  from: string;
  to: string[];
  replyTo?: string;
  subject?: string;
  html?: string;
  text?: string;
  headers: Record<string, string>;
  tags: string[];
  metadata: Record<string, string>;
  template?: { id: string; data: Record<string, unknown> };
  sandbox: boolean;
  /** The request as the provider saw it (parsed JSON, form fields, or the raw MIME for SMTP). */
  raw: unknown;
}

/** One non-2xx answer (or injected fault) and why. */
export interface RejectedRequest {
  status: number;
  reason: string;
}

/** What every stand-in offers: where it listens, what it saw, and how to make it misbehave. */
export interface BaseStandIn {
  /** Base URL in the SDK's own convention (see each stand-in), or `smtp://…` for SMTP. */
  url: string;
  rejected: RejectedRequest[];
  readonly requestCount: number;
  fail(spec: FaultSpec | null): void;
  close(): Promise<void>;
}

/** A mail provider stand-in: also records the messages it accepted. */
export interface StandIn extends BaseStandIn {
  accepted: AcceptedMessage[];
}

/**
 * Holds the current fault and counts down `times`.
 * @example
 * const faults = new FaultController();
 * faults.set({ status: 503, times: 1 });
 * faults.take(); // → { status: 503, times: 1 }, then null
 */
export class FaultController {
  #spec: FaultSpec | null = null;
  #left = Number.POSITIVE_INFINITY;

  set(spec: FaultSpec | null): void {
    if (spec !== null) validateFaultSpec(spec);
    this.#spec = spec;
    this.#left = spec?.times ?? Number.POSITIVE_INFINITY;
  }

  /** The fault to apply to the current request, consuming one of its `times`. */
  take(): FaultSpec | null {
    const spec = this.#spec;
    if (spec === null) return null;
    this.#left -= 1;
    if (this.#left <= 0) this.#spec = null;
    return spec;
  }
}

function validateFaultSpec(spec: FaultSpec): void {
  const kinds = ['status', 'delayMs', 'reset', 'malformed'].filter((k) => k in spec);
  if (kinds.length !== 1) {
    throw new TypeError(
      `fail(spec): give exactly one of status, delayMs, reset, malformed (got ${kinds.join(', ') || 'none'})`,
    );
  }
  if ('status' in spec && !(Number.isInteger(spec.status) && spec.status >= 100 && spec.status <= 599)) {
    throw new TypeError(`fail(spec): status must be an HTTP status 100–599, got ${String(spec.status)}`);
  }
  if ('delayMs' in spec && !(spec.delayMs >= 0)) {
    throw new TypeError(`fail(spec): delayMs must be a non-negative number, got ${String(spec.delayMs)}`);
  }
  if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times > 0)) {
    throw new TypeError(`fail(spec): times must be a positive integer, got ${String(spec.times)}`);
  }
}

/** A parsed request handed to a stand-in's route. */
export interface HttpExchange {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A stand-in's answer. `reason` is recorded in `rejected` when the status is not 2xx. */
export interface HttpReply {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  body?: unknown;
  reason?: string;
}

/** How one provider speaks: its routes, its error shape, its idea of a broken body. */
export interface HttpStandInDefinition {
  route(exchange: HttpExchange): HttpReply | Promise<HttpReply>;
  /**
   * Runs on every request before any fault applies: returns an answer to send at once (a protocol error,
   * which then consumes no fault), or `undefined` to go on. Stand-ins that record faulted calls record here.
   */
  admit?(exchange: HttpExchange): HttpReply | undefined;
  /**
   * The provider-shaped answer for an injected `{ status }` fault (`body` overrides the default body);
   * `exchange` is the faulted request, for providers whose error messages name what was asked for.
   */
  faultReply(status: number, body: unknown, exchange: HttpExchange): HttpReply;
  /** A success status with a body the SDK cannot parse. */
  malformedReply(): HttpReply;
  /** Idle keep-alive time of the server's sockets (default 5 s); longer than a client's keeps reuse safe. */
  keepAliveTimeoutMs?: number;
}

/** The running server behind an HTTP stand-in: a stand-in's surface, addressed by origin instead of `url`. */
export interface HttpStandInServer extends Omit<BaseStandIn, 'url'> {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  origin: string;
}

const MAX_BODY_BYTES = 40 * 1024 * 1024;

/** What one running HTTP stand-in keeps. */
interface HttpState {
  def: HttpStandInDefinition;
  faults: FaultController;
  rejected: RejectedRequest[];
  requestCount: number;
  sockets: Set<Socket>;
  timers: Set<NodeJS.Timeout>;
  closing: boolean;
}

/** Waits `ms` unless the client goes away (false) or the stand-in closes meanwhile. */
function waitUnlessGone(state: HttpState, res: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      state.timers.delete(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      res.off('close', onClose);
      resolve(!state.closing && !res.destroyed);
    }, ms);
    state.timers.add(timer);
    res.once('close', onClose);
  });
}

/** The injected fault's answer, or the route's. */
async function replyFor(
  def: HttpStandInDefinition,
  fault: FaultSpec | null,
  exchange: HttpExchange,
): Promise<HttpReply> {
  if (fault !== null && 'status' in fault) {
    const reply = def.faultReply(fault.status, fault.body, exchange);
    reply.headers = { ...reply.headers };
    if (fault.retryAfter !== undefined) reply.headers['retry-after'] = String(fault.retryAfter);
    reply.reason = `fault: injected ${fault.status}`;
    return reply;
  }
  if (fault !== null && 'malformed' in fault)
    return { ...def.malformedReply(), reason: 'fault: malformed body' };
  return def.route(exchange);
}

function exchangeOf(req: IncomingMessage, body: Buffer): HttpExchange {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
  };
}

function record(state: HttpState, reply: HttpReply, fault: FaultSpec | null): void {
  if (reply.status >= 300 || (fault !== null && 'malformed' in fault)) {
    state.rejected.push({ status: reply.status, reason: reply.reason ?? `HTTP ${reply.status}` });
  }
}

async function handleRequest(state: HttpState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const exchange = exchangeOf(
    req,
    await readRequestBody(req, {
      bytes: MAX_BODY_BYTES,
      error: () => new Error(`request body larger than ${MAX_BODY_BYTES} bytes`),
    }),
  );
  state.requestCount += 1;
  const early = state.def.admit?.(exchange);
  if (early !== undefined) {
    send(res, early);
    record(state, early, null);
    return;
  }
  const fault = state.faults.take();
  if (fault !== null && 'reset' in fault) {
    state.rejected.push({ status: 0, reason: 'fault: connection reset' });
    req.socket.destroy();
    return;
  }
  if (fault !== null && 'delayMs' in fault && !(await waitUnlessGone(state, res, fault.delayMs))) {
    state.rejected.push({ status: 0, reason: `fault: client gave up during a ${fault.delayMs} ms delay` });
    return;
  }
  const reply = await replyFor(state.def, fault, exchange);
  send(res, reply);
  record(state, reply, fault);
}

/**
 * Starts a loopback HTTP server for a stand-in definition on a random free port.
 * @example
 * const server = await startHttpStandIn({
 *   route: () => ({ status: 200, body: { ok: true } }),
 *   faultReply: (status) => ({ status, body: { message: 'injected' } }),
 *   malformedReply: () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{' }),
 * });
 */
export async function startHttpStandIn(def: HttpStandInDefinition): Promise<HttpStandInServer> {
  const state: HttpState = {
    def,
    faults: new FaultController(),
    rejected: [],
    requestCount: 0,
    sockets: new Set(),
    timers: new Set(),
    closing: false,
  };
  const server = createServer({ keepAlive: true }, (req, res) => {
    void handleRequest(state, req, res).catch((error: unknown) => {
      // A bug in a route must show up as a 500 the test can see, not as a hung request.
      const message = error instanceof Error ? error.message : String(error);
      state.rejected.push({ status: 500, reason: `stand-in error: ${message}` });
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`stand-in error: ${message}`);
      }
    });
  });
  server.keepAliveTimeout = def.keepAliveTimeoutMs ?? 5_000;
  server.on('connection', (socket) => {
    state.sockets.add(socket);
    socket.on('close', () => state.sockets.delete(socket));
  });
  const { port } = await startListening(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    rejected: state.rejected,
    get requestCount() {
      return state.requestCount;
    },
    fail: (spec) => state.faults.set(spec),
    close: async () => {
      state.closing = true;
      for (const timer of state.timers) clearTimeout(timer);
      state.timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of state.sockets) socket.destroy();
      await closed;
    },
  };
}

/**
 * What an HTTP stand-in hands its caller: the server's recording and fault surface under the URL the
 * provider's SDK expects, plus the provider's own additions (`accepted`, `calls`, `addUser`, …).
 * `requestCount` stays live (a getter), so tests can poll it.
 * @example
 * const server = await startHttpStandIn(definition);
 * return exposeStandIn<StandIn>(server, `${server.origin}/v3`, { accepted });
 */
export function exposeStandIn<S extends BaseStandIn>(
  server: HttpStandInServer,
  url: string,
  extra: Omit<S, keyof BaseStandIn>,
): S {
  // Object.assign keeps the target's getter, where a spread would freeze requestCount at 0. The cast only
  // says that BaseStandIn plus the rest of S is S, which TypeScript cannot see through Omit.
  return Object.assign(
    {
      url,
      rejected: server.rejected,
      get requestCount() {
        return server.requestCount;
      },
      fail: server.fail,
      close: server.close,
    },
    extra,
  ) as S;
}

function send(res: ServerResponse, reply: HttpReply): void {
  if (res.destroyed) return;
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | Buffer | undefined;
  if (reply.body === undefined) {
    payload = undefined;
  } else if (typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) {
    payload = reply.body;
  } else {
    payload = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  else headers['content-length'] = '0';
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/**
 * Builds a recorded message without keys for the optional fields the sender left out, so a recording reads
 * (and compares) the same whichever provider took the message.
 * @example acceptedMessage({ messageId: 'm1', from: 'a@x.co', to: ['b@y.co'], subject: undefined, … })
 */
export function acceptedMessage(message: AcceptedMessage): AcceptedMessage {
  return Object.fromEntries(
    Object.entries(message).filter(([, value]) => value !== undefined),
  ) as AcceptedMessage;
}

/**
 * How the JSON-API stand-ins record a `{ email, name }` sender in `accepted[].from`: `Name <email>`, or the bare
 * address. A readable record for assertions, not a wire format (the dispatcher's provider kit owns those).
 * @example recordedSender('a@acme.test', 'Acme') // → 'Acme <a@acme.test>'
 */
export function recordedSender(email: string, name?: string): string {
  return name ? `${name} <${email}>` : email;
}

/**
 * Case-insensitive lookup in a plain header map (a sender's own headers keep the case they were written in).
 * @example headerValue({ 'Idempotency-Key': 'evt-1' }, 'idempotency-key') // → 'evt-1'
 */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const key = Object.keys(headers).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : headers[key];
}

/** Lower-cased single-value view of incoming headers. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** A random hex id of `bytes` bytes, for message ids. */
export function randomId(bytes = 12): string {
  return randomBytes(bytes).toString('hex');
}

/** Parses a JSON body, or returns `undefined` when it is not JSON. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Type guard for plain JSON objects. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when every value is a string (SendGrid custom_args, Mailgun v:, …). */
export function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string');
}

/**
 * Splits an address list (`a@x.co, "Doe, Jo" <jo@y.co>`) into bare addresses; `undefined` entries mark parts
 * that hold no valid address.
 * @example parseAddressList('Ana <ana@example.com>, bob@example.com') // → ['ana@example.com', 'bob@example.com']
 */
export function parseAddressList(value: string): (string | undefined)[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const char of value) {
    if (char === '"') quoted = !quoted;
    else if (char === '<' && !quoted) angle = true;
    else if (char === '>' && !quoted) angle = false;
    if (char === ',' && !quoted && !angle) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const bracketed = /<([^<>]*)>\s*$/.exec(part);
      const address = (bracketed ? bracketed[1] : part)?.trim();
      return isEmailAddress(address) ? address : undefined;
    });
}
