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
import type { SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { SMTPServer } from 'smtp-server';
import type { AcceptedMessage, RejectedRequest, StandIn } from './core.js';
import {
  acceptedMessage,
  FaultController,
  headerValue,
  isEmailAddress,
  parseAddressList,
  randomId,
} from './core.js';
import { parseMime } from './mime.js';
import { createSelfSignedCertificate } from './self-signed.js';

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

/**
 * Starts an SMTP stand-in on a random loopback port.
 * @example
 * const smtp = await startSmtpStandIn({ auth: { user: 'mailroom', pass: 'secret' } });
 * const transport = nodemailer.createTransport(smtp.url, { tls: { ca: [smtp.cert] } });
 */
export async function startSmtpStandIn(opts: SmtpStandInOptions = {}): Promise<SmtpStandIn> {
  const faults = new FaultController();
  const accepted: AcceptedMessage[] = [];
  const rejected: RejectedRequest[] = [];
  const sockets = new Map<string, Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let requestCount = 0;
  const useTls = opts.tls ?? true;
  const certificate = useTls ? createSelfSignedCertificate() : undefined;

  const reject = (code: number, message: string): SmtpReplyError => {
    rejected.push({ status: code, reason: message });
    return new SmtpReplyError(code, message);
  };
  const socketOf = (session: SMTPServerSession): Socket | undefined =>
    sockets.get(`${session.remoteAddress}:${session.remotePort}`);

  const connectionSocket = (session: SMTPServerSession): Socket | undefined =>
    // smtp-server keeps its connections (with the post-STARTTLS socket) in an undocumented Set.
    [
      ...((server as unknown as { connections?: Set<{ id: string; _socket?: Socket }> }).connections ?? []),
    ].find((c) => c.id === session.id)?._socket;

  const server = new SMTPServer({
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
        callback(reject(535, 'Authentication credentials invalid'));
      }
    },
    onMailFrom(
      address: SMTPServerAddress,
      session: SMTPServerSession,
      callback: (err?: Error | null) => void,
    ) {
      requestCount += 1;
      const fault = faults.take();
      const proceed = (): void => {
        if (!isEmailAddress(address.address)) {
          callback(reject(553, `5.1.7 Sender address rejected: bad syntax <${address.address}>`));
        } else {
          callback();
        }
      };
      if (fault === null) return proceed();
      if ('status' in fault) {
        rejected.push({ status: fault.status, reason: `fault: injected ${fault.status}` });
        return callback(new SmtpReplyError(fault.status, `injected ${fault.status} reply (stand-in fault)`));
      }
      const socket = socketOf(session);
      if ('reset' in fault) {
        rejected.push({ status: 0, reason: 'fault: connection reset' });
        socket?.destroy();
        return;
      }
      if ('malformed' in fault) {
        rejected.push({ status: 0, reason: 'fault: malformed reply' });
        // Write through the connection's current socket (the TLS one after STARTTLS) so the client reads
        // the garbage as an SMTP reply, not as a broken TLS record.
        (connectionSocket(session) ?? socket)?.end('this is not an SMTP reply\r\n');
        return;
      }
      const onClose = (): void => {
        clearTimeout(timer);
        timers.delete(timer);
        rejected.push({ status: 0, reason: `fault: client gave up during a ${fault.delayMs} ms delay` });
      };
      const timer = setTimeout(() => {
        timers.delete(timer);
        socket?.off('close', onClose);
        proceed();
      }, fault.delayMs);
      timers.add(timer);
      socket?.once('close', onClose);
    },
    onRcptTo(address, _session, callback) {
      if (!isEmailAddress(address.address)) {
        callback(reject(553, `5.1.3 Bad recipient address syntax <${address.address}>`));
      } else {
        callback();
      }
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(reject(552, '5.3.4 Message exceeds the maximum message size'));
          return;
        }
        const raw = Buffer.concat(chunks);
        const parsed = parseMime(raw);
        const header = (name: string): string | undefined => headerValue(parsed.headers, name);
        const queueId = randomId(8);
        const replyTo = header('reply-to');
        accepted.push(
          acceptedMessage({
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
          }),
        );
        callback(null, `2.0.0 Ok: queued as ${queueId}`);
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    const key = `${socket.remoteAddress}:${socket.remotePort}`;
    sockets.set(key, socket);
    socket.on('close', () => sockets.delete(key));
  });
  // A client that vanishes mid-command makes smtp-server emit 'error'; it is not a stand-in failure.
  server.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const credentials = opts.auth
    ? `${encodeURIComponent(opts.auth.user)}:${encodeURIComponent(opts.auth.pass)}@`
    : '';

  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    cert: certificate?.cert,
    accepted,
    rejected,
    get requestCount() {
      return requestCount;
    },
    fail: (spec) => {
      if (spec !== null && 'status' in spec && !(spec.status >= 400 && spec.status <= 599)) {
        throw new TypeError(
          `fail(spec): an SMTP fault status must be a 4xx/5xx reply code, got ${spec.status}`,
        );
      }
      faults.set(spec);
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets.values()) socket.destroy();
      await closed;
    },
  };
}
