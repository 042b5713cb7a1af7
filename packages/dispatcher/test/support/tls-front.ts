/**
 * An HTTPS front for a plain loopback stand-in (self-signed certificate), for the warm-up tests: counts the
 * TCP connections and TLS handshakes it sees, can reset the first connections it accepts, and can hold a
 * connection's ClientHello for a while (a slow handshake).
 */
import { Agent, request } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { createSelfSignedCertificate, type SelfSignedCertificate } from '@mailroom/testkit';

export interface TlsFront {
  /** `https://127.0.0.1:<port>`. */
  url: string;
  cert: string;
  /** TCP connections accepted (reset ones included). */
  readonly connections: number;
  /** TLS handshakes completed. */
  readonly handshakes: number;
  /** When each connection's first bytes (its ClientHello) arrived, epoch ms (`performance.timeOrigin + now()`). */
  readonly helloTimes: readonly number[];
  /** When each request arrived, epoch ms. */
  readonly requestTimes: readonly number[];
  close(): Promise<void>;
}

export interface TlsFrontOptions {
  /** Destroy this many connections as soon as they are accepted. */
  resetFirst?: number;
  /** Hold each connection's first bytes this long before the handshake goes on. */
  handshakeDelayMs?: number;
  tls?: SelfSignedCertificate;
}

/**
 * Starts a front on a random loopback port that forwards every request to `target` (`http://…`).
 * @example const front = await startTlsFront(kms.url, { resetFirst: 1 }); … await front.close();
 */
export async function startTlsFront(target: string, options: TlsFrontOptions = {}): Promise<TlsFront> {
  const tls = options.tls ?? createSelfSignedCertificate();
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;
  let handshakes = 0;
  const requestTimes: number[] = [];
  const helloTimes: number[] = [];
  const https = createHttpsServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    requestTimes.push(performance.timeOrigin + performance.now());
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const out = request(
        {
          agent,
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host, 'content-length': String(body.length) },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  https.on('secureConnection', () => {
    handshakes += 1;
  });
  https.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  const httpsPort = (https.address() as AddressInfo).port;

  const front = createServer((client) => {
    connections += 1;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (connections <= (options.resetFirst ?? 0)) {
      client.resetAndDestroy();
      return;
    }
    client.once('data', (hello: Buffer) => {
      helloTimes.push(performance.timeOrigin + performance.now());
      client.pause();
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (client.destroyed) return;
        const inner = connect(httpsPort, '127.0.0.1');
        sockets.add(inner);
        inner.on('close', () => {
          sockets.delete(inner);
          client.destroy();
        });
        inner.on('error', () => client.destroy());
        client.on('close', () => inner.destroy());
        inner.write(hello);
        client.pipe(inner);
        inner.pipe(client);
      }, options.handshakeDelayMs ?? 0);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const { port } = front.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    cert: tls.cert,
    get connections() {
      return connections;
    },
    get handshakes() {
      return handshakes;
    },
    helloTimes,
    requestTimes,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      https.closeAllConnections();
      agent.destroy();
      await Promise.all([
        new Promise<void>((resolve) => front.close(() => resolve())),
        new Promise<void>((resolve) => https.close(() => resolve())),
      ]);
    },
  };
}
