import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { readRequestBody, startListening } from '../../src/net.js';

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A server whose handler hands each request to `onRequest`, answering 200 or 413 after it. */
function bodyServer(onRequest: (req: IncomingMessage) => Promise<unknown>): Server {
  const server = createServer((req, res) => {
    onRequest(req).then(
      () => res.writeHead(200).end(),
      () => (res.destroyed ? undefined : res.writeHead(413).end()),
    );
  });
  servers.push(server);
  return server;
}

/** POSTs `body`; resolves with the status, or the client's error code when the server drops the request. */
function post(port: number, body: Buffer): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end(body);
  });
}

describe('startListening', () => {
  it('binds a random free port on 127.0.0.1 by default', async () => {
    const server = bodyServer(async () => undefined);

    const address = await startListening(server);

    expect(address.address).toBe('127.0.0.1');
    expect(address.port).toBeGreaterThan(0);
    expect(await post(address.port, Buffer.from('hi'))).toBe(200);
  });

  it('rejects with the listen error when the port is taken', async () => {
    const { port } = await startListening(bodyServer(async () => undefined));

    const second = startListening(
      bodyServer(async () => undefined),
      { port },
    );

    await expect(second).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('readRequestBody', () => {
  it('reads the whole body', async () => {
    const bodies: Buffer[] = [];
    const server = bodyServer(async (req) => bodies.push(await readRequestBody(req)));
    const { port } = await startListening(server);

    await post(port, Buffer.alloc(100_000, 'a'));

    expect(bodies).toHaveLength(1);
    expect(bodies[0]?.equals(Buffer.alloc(100_000, 'a'))).toBe(true);
  });

  it('rejects with the limit’s error and drops the request past the limit', async () => {
    const errors: unknown[] = [];
    const limit = { bytes: 1_000, error: () => new Error('body over 1000 bytes') };
    const server = bodyServer((req) =>
      readRequestBody(req, limit).catch((error: unknown) => {
        errors.push(error);
        throw error;
      }),
    );
    const { port } = await startListening(server);

    const answer = await post(port, Buffer.alloc(100_000, 'a'));

    expect(errors).toEqual([new Error('body over 1000 bytes')]);
    expect(answer).not.toBe(200);
  });
});
