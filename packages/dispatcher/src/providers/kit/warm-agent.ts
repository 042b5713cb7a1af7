/**
 * The keep-alive https agent the KMS client and the SendGrid client share (issue 18), with one addition:
 * `preconnect(origin)` opens a TLS connection before any request wants it, and the first request to that
 * origin takes it. `warmup.ts` pre-connects during init; the clients only need to be given `warmAgent`.
 * A pre-connect that fails before it is used is replaced by a fresh connection at that moment, so it never
 * fails a request; pre-connected sockets are unreferenced until used, so they never keep a process alive.
 */
import type { RequestOptions } from 'node:http';
import { Agent, type AgentOptions } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect, type TLSSocket } from 'node:tls';

/** `host:port` of an https origin, the key a pre-connected socket waits under. */
function keyOf(host: string | undefined, port: number | string | undefined): string {
  return `${(host ?? 'localhost').replace(/^\[|\]$/g, '')}:${port === undefined || port === '' ? 443 : Number(port)}`;
}

/**
 * A keep-alive https agent that can open a connection before anyone asks for it. The first request to that
 * origin takes the open connection (or, while its handshake is still running, waits for it); a pre-connect
 * that failed is replaced by a fresh connection, so a warm-up never fails a request.
 * @example
 * const agent = new PreconnectAgent({ keepAlive: true });
 * agent.preconnect('https://kms.eu-west-1.amazonaws.com');
 * new KMSClient({ requestHandler: { httpsAgent: agent } });
 */
export class PreconnectAgent extends Agent {
  readonly #pending = new Map<string, TLSSocket>();
  readonly #secure = new WeakSet<TLSSocket>();

  constructor(options: AgentOptions = {}) {
    super({ keepAlive: true, maxSockets: 50, ...options });
  }

  /**
   * Opens a TLS connection to `origin` (an `https:` URL) unless one is already waiting; never throws.
   * Returns the socket (for tests), or `undefined` when nothing was started.
   */
  preconnect(origin: string): TLSSocket | undefined {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return undefined;
    }
    if (url.protocol !== 'https:') return undefined;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const key = keyOf(host, url.port);
    if (this.#pending.has(key)) return this.#pending.get(key);
    let socket: TLSSocket;
    try {
      // The agent's own options (ca, rejectUnauthorized, …) as Node's Agent passes them to every connection.
      socket = connect({
        ...this.options,
        host,
        port: url.port === '' ? 443 : Number(url.port),
        ...(isIP(host) ? {} : { servername: host }),
      });
    } catch {
      return undefined;
    }
    socket.unref();
    socket.on('error', () => undefined);
    socket.once('secureConnect', () => this.#secure.add(socket));
    socket.once('close', () => {
      if (this.#pending.get(key) === socket) this.#pending.delete(key);
    });
    this.#pending.set(key, socket);
    return socket;
  }

  /** Pre-connected sockets not taken yet (tests, and `close`). */
  get pendingCount(): number {
    return this.#pending.size;
  }

  // Node's Agent calls createConnection(options, callback): a returned socket is used at once; returning
  // undefined and calling the callback later hands over a socket once it is ready.
  override createConnection(
    options: RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const key = keyOf(options.host ?? undefined, options.port ?? undefined);
    const warm = this.#pending.get(key);
    this.#pending.delete(key);
    const fresh = (): Duplex => super.createConnection(options) as Duplex;
    if (warm === undefined || warm.destroyed) return fresh();
    warm.ref();
    if (this.#secure.has(warm)) return warm;
    if (callback === undefined) {
      warm.destroy();
      return fresh();
    }
    const settle = (socket: Duplex): void => {
      warm.off('secureConnect', onSecure);
      warm.off('close', onFailed);
      callback(null, socket);
    };
    const onSecure = (): void => settle(warm);
    const onFailed = (): void => settle(fresh());
    warm.once('secureConnect', onSecure);
    warm.once('close', onFailed);
    return undefined;
  }

  override destroy(): void {
    for (const socket of this.#pending.values()) socket.destroy();
    this.#pending.clear();
    super.destroy();
  }
}

/** The agent handed to the KMS client (decrypt.ts) and the SendGrid client (providers/sendgrid.ts). */
export const warmAgent = new PreconnectAgent();
