/**
 * One service of the network model: an HTTPS front (self-signed certificate) for a plain loopback stand-in,
 * which charges every new connection the handshake's round trips (TCP's from the accept, TLS's from the
 * client's ClientHello), answers every request one round trip after it arrived (the stand-in works inside
 * that round trip; it adds time only when it is slower), and records each completed handshake with its
 * time, so the harness can count handshakes per sandbox (child process) and per phase (cold, warm).
 *
 * What the harness itself costs (the TLS termination, the forward to the stand-in, timers) is measured by
 * the `floor probe` contestant (baselines/network-floor), which makes exactly the floor's requests.
 */
import { Agent, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { readRequestBody, startListening } from '@mailroom/testkit';

/** A completed TLS handshake at the front. */
export interface HandshakeRecord {
  /** Epoch ms (performance.timeOrigin + now): comparable with a child's own epoch timestamps. */
  atEpochMs: number;
  /** The client resumed a cached TLS session (it still paid the connection's round trips). */
  resumed: boolean;
}

/** What the harness reads from a front. */
export interface LatencyProxy {
  /** `https://127.0.0.1:<port>`. */
  url: string;
  handshakes: HandshakeRecord[];
  /** Epoch ms of every request's arrival at the front. */
  requests: number[];
  /** Forgets what was recorded (between children). */
  reset(): void;
  close(): Promise<void>;
}

/** How one front behaves. */
export interface LatencyProxyOptions {
  /** The plain stand-in's origin, `http://127.0.0.1:<port>`. */
  target: string;
  /** Delay of one request/response exchange, ms (before jitter). */
  rttMs: number;
  /** A new connection waits `handshakeRtts × rttMs` (before jitter) before its TLS handshake. */
  handshakeRtts: number;
  /** Draws the jitter factor for each delay (model.ts `jitterSource`). */
  nextFactor: () => number;
  /** PEM key and certificate the front presents (trusted by the children only, via NODE_EXTRA_CA_CERTS). */
  tls: { key: string; cert: string };
}

const epochNow = (): number => performance.timeOrigin + performance.now();

function wait(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });
}

/**
 * Forwards one request to the plain stand-in at once and answers the client at `dueAt` (performance.now()
 * ms: the request's arrival + one round trip) or when the stand-in has answered, whichever is later, so the
 * stand-in's own processing runs inside the round trip instead of after it.
 */
function forward(
  target: URL,
  agent: Agent,
  exchange: { req: IncomingMessage; body: Buffer; res: ServerResponse; dueAt: number },
  timers: Set<NodeJS.Timeout>,
): void {
  const { req, body, res, dueAt } = exchange;
  const upstream = httpRequest(
    {
      agent,
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: target.host, 'content-length': String(body.length) },
    },
    (answer) => {
      void Promise.all([readRequestBody(answer), wait(dueAt - performance.now(), timers)])
        .then(([payload]) => {
          res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'content-length': payload.length });
          res.end(payload);
        })
        .catch(() => res.destroy());
    },
  );
  upstream.on('error', (error) => {
    void wait(dueAt - performance.now(), timers).then(() => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`network model: upstream failed: ${error.message}`);
    });
  });
  upstream.end(body);
}

/** What one front keeps: its upstream, what it recorded, and what close() must end. */
interface FrontState {
  options: LatencyProxyOptions;
  target: URL;
  agent: Agent;
  timers: Set<NodeJS.Timeout>;
  sockets: Set<Socket>;
  handshakes: HandshakeRecord[];
  requests: number[];
}

/**
 * The TLS end of a front: records each completed handshake, answers each request one round trip after its
 * arrival (forwarded to the plain stand-in). It never listens: the TCP front hands it each connection.
 */
function createTlsServer(state: FrontState): HttpsServer {
  const { options } = state;
  const https = createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, (req, res) => {
    // The round trip runs from the request's arrival (its headers), not from the end of anything the harness
    // does with it.
    const dueAt = performance.now() + options.rttMs * options.nextFactor();
    state.requests.push(epochNow());
    void readRequestBody(req)
      .then((body) => forward(state.target, state.agent, { req, body, res, dueAt }, state.timers))
      .catch(() => res.destroy());
  });
  // A service keeps an idle connection well beyond one Lambda invocation.
  https.keepAliveTimeout = 120_000;
  https.on('secureConnection', (socket: TLSSocket) => {
    state.handshakes.push({ atEpochMs: epochNow(), resumed: socket.isSessionReused() });
  });
  https.on('tlsClientError', () => undefined);
  return https;
}

/**
 * The TCP front. Loopback TCP connects at once, so the model adds TCP's round trip from the accept and the
 * rest of the handshake (handshakeRtts − 1 round trips) from the client's first bytes (its ClientHello),
 * which a real client sends only once TCP is up and its event loop runs: a client busy with synchronous work
 * (module loading) gets TCP done meanwhile but not TLS, as on a real network. Then the front hands the socket
 * to the HTTPS server, which completes the handshake at loopback speed.
 */
function createTcpFront(state: FrontState, https: HttpsServer): NetServer {
  const { options } = state;
  return createNetServer((client) => {
    const acceptedAt = performance.now();
    const factor = options.nextFactor();
    const tcpDoneAt = acceptedAt + options.rttMs * factor;
    const tlsMs = Math.max(0, options.handshakeRtts - 1) * options.rttMs * factor;
    state.sockets.add(client);
    client.on('close', () => state.sockets.delete(client));
    client.on('error', () => undefined);
    client.once('data', (hello: Buffer) => {
      client.pause();
      const helloAt = Math.max(performance.now(), tcpDoneAt);
      void wait(helloAt + tlsMs - performance.now(), state.timers).then(() => {
        if (client.destroyed) return;
        // The HTTPS server takes the client's own socket (no second loopback hop to relay through): the
        // ClientHello goes back into its buffer, where the TLS socket reads it first. (Not resumed here: the
        // TLS socket reads the handle itself; a resume would hand the next bytes to the raw socket instead.)
        client.unshift(hello);
        https.emit('connection', client);
      });
    });
  });
}

/**
 * Starts one HTTPS front on a random loopback port.
 * @example
 * const kms = await startLatencyProxy({ target: plain.url, rttMs: 12, handshakeRtts: 2, nextFactor: () => 1, tls });
 * env.AWS_ENDPOINT_URL_KMS = kms.url;
 */
export async function startLatencyProxy(options: LatencyProxyOptions): Promise<LatencyProxy> {
  const state: FrontState = {
    options,
    target: new URL(options.target),
    agent: new Agent({ keepAlive: true }),
    timers: new Set(),
    sockets: new Set(),
    handshakes: [],
    requests: [],
  };
  const https = createTlsServer(state);
  const front = createTcpFront(state, https);
  const { port } = await startListening(front);

  return {
    url: `https://127.0.0.1:${port}`,
    handshakes: state.handshakes,
    requests: state.requests,
    reset: () => {
      state.handshakes.length = 0;
      state.requests.length = 0;
    },
    close: async () => {
      for (const timer of state.timers) clearTimeout(timer);
      state.timers.clear();
      for (const socket of state.sockets) socket.destroy();
      https.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      state.agent.destroy();
    },
  };
}
