/**
 * SMTP stand-in: a real `smtp-server` on 127.0.0.1, `secure: false`, STARTTLS offered with a self-signed
 * certificate generated at start (`cert`, for clients to pin: nodemailer `tls: { ca: [standIn.cert] }`), or
 * plain only with `{ tls: false }`. AUTH (PLAIN/LOGIN) is required when `auth` is given and disabled
 * otherwise. `url` is `smtp://user:pass@127.0.0.1:<port>` (credentials URL-encoded) or `smtp://127.0.0.1:<port>`.
 *
 * Recording: `from` is the `From` header as written (display form), `to` the envelope recipients, `replyTo`
 * the bare `Reply-To` address, `headers` every top-level header (decoded), `text`/`html` the first such
 * parts (a small MIME reader, `mime.ts`), `messageId` the `Message-ID` header (what nodemailer reports as
 * `info.messageId`), `raw` the whole message. SMTP has no tags or metadata: they stay empty (look in headers).
 * `requestCount` counts mail transactions (MAIL FROM commands).
 *
 * Faults apply at MAIL FROM: `{ status }` is an SMTP reply code (421 closes the connection, 450/451/452
 * transient, 550/552/554 permanent); `{ delayMs }` holds the reply (the client's `socketTimeout` fires);
 * `{ reset }` destroys the TCP socket; `{ malformed }` writes a line that is not an SMTP reply, then closes.
 * Bad addresses get 553 (sender) / 553 5.1.3 (recipient), wrong credentials 535, no AUTH when required 530.
 *
 * How `nodemailer` 10.6.0 (`createTransport({ url, tls: { ca: [cert] }, socketTimeout })`) surfaces each
 * outcome (checked by test/integration/standins/smtp.test.ts). Note `createTransport(url, x)` treats `x` as
 * message defaults, not transport options: pass `{ url, tls }` as one object to pin the certificate.
 * - reply code at MAIL FROM (all injected `{ status }` faults, 421 included): Error `code: 'EENVELOPE'`,
 *   `responseCode` = the code (number), `response` = the full reply line, `command: 'MAIL FROM'`, message
 *   `Mail command failed: <reply>`.
 * - recipient refused by the server (553 here): `code: 'EENVELOPE'`, `responseCode: 553`,
 *   `command: 'RCPT TO'`, `rejected: [address]`. An address nodemailer itself cannot parse never reaches the
 *   server: `code: 'EENVELOPE'`, message `No recipients defined`, `command: 'API'`, no `responseCode`.
 * - wrong credentials: `code: 'EAUTH'`, `responseCode: 535`, `command: 'AUTH PLAIN'`.
 * - timeout (`socketTimeout` while the stand-in holds its reply): `code: 'ETIMEDOUT'`, message `Timeout`,
 *   `command: 'CONN'`, no `responseCode`.
 * - connection reset: `code: 'ECONNECTION'`, message `Connection closed unexpectedly`, `command: 'CONN'`.
 * - malformed reply (a line without a reply code, then close): nodemailer skips the line and reports the
 *   close, `code: 'ECONNECTION'` like a reset.
 * - self-signed certificate not pinned (no `ca`, no `rejectUnauthorized: false`): `code: 'ESOCKET'`,
 *   message `self-signed certificate`, `command: 'CONN'`, before anything is sent.
 */

import type { Socket } from 'node:net';
import { isEmailAddress } from '@mailroom/shared-types';
import type { SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { SMTPServer } from 'smtp-server';
import { startListening } from '../net.js';
import type { AcceptedMessage, FaultSpec, RejectedRequest, StandIn } from './core.js';
import { acceptedMessage, FaultController, headerValue, parseAddressList, randomId } from './core.js';
import { parseMime } from './mime.js';
import { createSelfSignedCertificate, type SelfSignedCertificate } from './self-signed.js';

/** Options for {@link startSmtpStandIn}. */
export interface SmtpStandInOptions {
  /** Require AUTH with these credentials. Unset: AUTH is not offered. */
  auth?: { user: string; pass: string };
  /** Offer STARTTLS with a fresh self-signed certificate. Default true. */
  tls?: boolean;
  /** Maximum message size in bytes (SIZE extension, 552 above it). Default 10 MB. */
  maxSize?: number;
}

/** The SMTP stand-in: the common surface plus the certificate it presents. */
export interface SmtpStandIn extends StandIn {
  /** PEM certificate offered on STARTTLS (pin it with `tls: { ca: [cert] }`); `undefined` with `tls: false`. */
  cert: string | undefined;
}

class SmtpReplyError extends Error {
  readonly responseCode: number;
  constructor(code: number, message: string) {
    super(message);
    this.name = 'SmtpReplyError';
    this.responseCode = code;
  }
}

/** What the stand-in's callbacks share. */
interface SmtpState {
  opts: SmtpStandInOptions;
  faults: FaultController;
  accepted: AcceptedMessage[];
  rejected: RejectedRequest[];
  sockets: Map<string, Socket>;
  timers: Set<NodeJS.Timeout>;
  requestCount: number;
  server?: SMTPServer;
}

type Done = (err?: Error | null) => void;

function refuse(state: SmtpState, code: number, message: string): SmtpReplyError {
  state.rejected.push({ status: code, reason: message });
  return new SmtpReplyError(code, message);
}

/** smtp-server keeps its connections (with the post-STARTTLS socket) in an undocumented Set. */
function connectionSocket(state: SmtpState, session: SMTPServerSession): Socket | undefined {
  const connections = (state.server as unknown as { connections?: Set<{ id: string; _socket?: Socket }> })
    ?.connections;
  return [...(connections ?? [])].find((c) => c.id === session.id)?._socket;
}

/** Holds MAIL FROM for `delayMs`; a client that gives up meanwhile is recorded. */
function delay(state: SmtpState, socket: Socket | undefined, delayMs: number, proceed: () => void): void {
  const onClose = (): void => {
    clearTimeout(timer);
    state.timers.delete(timer);
    state.rejected.push({ status: 0, reason: `fault: client gave up during a ${delayMs} ms delay` });
  };
  const timer = setTimeout(() => {
    state.timers.delete(timer);
    socket?.off('close', onClose);
    proceed();
  }, delayMs);
  state.timers.add(timer);
  socket?.once('close', onClose);
}

/** MAIL FROM: the injected fault if there is one, else the sender's syntax check. */
function onMailFrom(
  state: SmtpState,
  address: SMTPServerAddress,
  session: SMTPServerSession,
  callback: Done,
): void {
  state.requestCount += 1;
  const fault = state.faults.take();
  const proceed = (): void => {
    if (!isEmailAddress(address.address)) {
      callback(refuse(state, 553, `5.1.7 Sender address rejected: bad syntax <${address.address}>`));
    } else {
      callback();
    }
  };
  if (fault === null) {
    proceed();
    return;
  }
  if ('status' in fault) {
    state.rejected.push({ status: fault.status, reason: `fault: injected ${fault.status}` });
    callback(new SmtpReplyError(fault.status, `injected ${fault.status} reply (stand-in fault)`));
    return;
  }
  const socket = state.sockets.get(`${session.remoteAddress}:${session.remotePort}`);
  if ('reset' in fault) {
    state.rejected.push({ status: 0, reason: 'fault: connection reset' });
    socket?.destroy();
    return;
  }
  if ('malformed' in fault) {
    state.rejected.push({ status: 0, reason: 'fault: malformed reply' });
    // Write through the connection's current socket (the TLS one after STARTTLS) so the client reads
    // the garbage as an SMTP reply, not as a broken TLS record.
    (connectionSocket(state, session) ?? socket)?.end('this is not an SMTP reply\r\n');
    return;
  }
  delay(state, socket, fault.delayMs, proceed);
}

async function acceptedFromData(
  raw: Buffer,
  session: SMTPServerSession,
  queueId: string,
): Promise<AcceptedMessage> {
  const parsed = await parseMime(raw);
  const header = (name: string): string | undefined => headerValue(parsed.headers, name);
  const replyTo = header('reply-to');
  return acceptedMessage({
    messageId: header('message-id') ?? `<${queueId}@smtp-stand-in>`,
    from: header('from') ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
    to: session.envelope.rcptTo.map((r) => r.address),
    replyTo: replyTo === undefined ? undefined : (parseAddressList(replyTo)[0] ?? replyTo),
    subject: header('subject'),
    html: parsed.html,
    text: parsed.text,
    headers: parsed.headers,
    tags: [],
    metadata: {},
    sandbox: false,
    raw: raw.toString('utf8'),
  });
}

function onData(
  state: SmtpState,
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
  callback: (err?: Error | null, message?: string) => void,
): void {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => {
    if (stream.sizeExceeded) {
      callback(refuse(state, 552, '5.3.4 Message exceeds the maximum message size'));
      return;
    }
    const queueId = randomId(8);
    // Parsed before recording and before the 250, so `accepted` is complete once the client's send resolves.
    acceptedFromData(Buffer.concat(chunks), session, queueId).then(
      (message) => {
        state.accepted.push(message);
        callback(null, `2.0.0 Ok: queued as ${queueId}`);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  });
}

function createSmtpServer(state: SmtpState, certificate: SelfSignedCertificate | undefined): SMTPServer {
  const { opts } = state;
  const useTls = certificate !== undefined;
  return new SMTPServer({
    secure: false,
    ...(certificate !== undefined
      ? { key: certificate.key, cert: certificate.cert }
      : { hideSTARTTLS: true }),
    disabledCommands: [...(opts.auth ? [] : ['AUTH']), ...(useTls ? [] : ['STARTTLS'])],
    authOptional: opts.auth === undefined,
    // Loopback tests may authenticate without TLS; production servers would refuse.
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    size: opts.maxSize ?? 10 * 1024 * 1024,
    logger: false,
    banner: 'Mailroom SMTP stand-in',
    onAuth(auth, _session, callback) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(refuse(state, 535, 'Authentication credentials invalid'));
      }
    },
    onMailFrom: (address, session, callback) => onMailFrom(state, address, session, callback),
    onRcptTo(address, _session, callback) {
      if (!isEmailAddress(address.address)) {
        callback(refuse(state, 553, `5.1.3 Bad recipient address syntax <${address.address}>`));
      } else {
        callback();
      }
    },
    onData: (stream, session, callback) => onData(state, stream, session, callback),
  });
}

function checkedFault(spec: FaultSpec | null): FaultSpec | null {
  if (spec !== null && 'status' in spec && !(spec.status >= 400 && spec.status <= 599)) {
    throw new TypeError(`fail(spec): an SMTP fault status must be a 4xx/5xx reply code, got ${spec.status}`);
  }
  return spec;
}

/**
 * Starts an SMTP stand-in on a random loopback port.
 * @example
 * const smtp = await startSmtpStandIn({ auth: { user: 'mailroom', pass: 'secret' } });
 * const transport = nodemailer.createTransport(smtp.url, { tls: { ca: [smtp.cert] } });
 */
export async function startSmtpStandIn(opts: SmtpStandInOptions = {}): Promise<SmtpStandIn> {
  const state: SmtpState = {
    opts,
    faults: new FaultController(),
    accepted: [],
    rejected: [],
    sockets: new Map(),
    timers: new Set(),
    requestCount: 0,
  };
  const certificate = (opts.tls ?? true) ? createSelfSignedCertificate() : undefined;
  const server = createSmtpServer(state, certificate);
  state.server = server;
  server.server.on('connection', (socket: Socket) => {
    const key = `${socket.remoteAddress}:${socket.remotePort}`;
    state.sockets.set(key, socket);
    socket.on('close', () => state.sockets.delete(key));
  });
  // A client that vanishes mid-command makes smtp-server emit 'error'; it is not a stand-in failure.
  server.on('error', () => undefined);
  const { port } = await startListening(server.server);
  const credentials = opts.auth
    ? `${encodeURIComponent(opts.auth.user)}:${encodeURIComponent(opts.auth.pass)}@`
    : '';
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    cert: certificate?.cert,
    accepted: state.accepted,
    rejected: state.rejected,
    get requestCount() {
      return state.requestCount;
    },
    fail: (spec) => state.faults.set(checkedFault(spec)),
    close: async () => {
      for (const timer of state.timers) clearTimeout(timer);
      state.timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of state.sockets.values()) socket.destroy();
      await closed;
    },
  };
}
