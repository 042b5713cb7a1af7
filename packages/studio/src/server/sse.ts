import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Server-sent events to every open studio page.
 * @example
 * const hub = new EventHub();
 * hub.attach(req, res, { version: 1 }); // in the /events route
 * hub.broadcast('build', { version: 2, problems: [] });
 */
export class EventHub {
  readonly #clients = new Set<ServerResponse>();
  readonly #heartbeat: NodeJS.Timeout;

  constructor() {
    // Proxies and some browsers drop idle streams; a comment line every 15 s keeps them open.
    this.#heartbeat = setInterval(() => {
      for (const res of this.#clients) res.write(': keep-alive\n\n');
    }, 15_000);
    this.#heartbeat.unref();
  }

  get size(): number {
    return this.#clients.size;
  }

  /** Takes over a request as an event stream; `hello` is sent at once so the page knows it is live. */
  attach(req: IncomingMessage, res: ServerResponse, hello: unknown): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write('retry: 500\n\n');
    this.#clients.add(res);
    this.#send(res, 'hello', hello);
    req.on('close', () => this.#clients.delete(res));
  }

  /** Sends one named event to every page. */
  broadcast(event: string, data: unknown): void {
    for (const res of this.#clients) this.#send(res, event, data);
  }

  #send(res: ServerResponse, event: string, data: unknown): void {
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    clearInterval(this.#heartbeat);
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }
}
