/**
 * What every loopback server here does with Node's `net`/`http`: listen (a random free port on 127.0.0.1 by
 * default) and read a request body, under a size limit when the protocol has one. Shared by the stand-ins, the
 * cognito-local bridge and the bench's network model, so each does it the same way.
 */
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Server } from 'node:net';

/** Where to listen; the defaults give a random free port on the IPv4 loopback. */
export interface ListenOptions {
  port?: number;
  host?: string;
}

/**
 * Starts `server` listening and resolves with its address once it is bound; a listen error (port taken,
 * unknown host) rejects instead of being thrown as an unhandled 'error' event.
 * @example
 * const server = createServer(handler);
 * const { port } = await startListening(server); // 127.0.0.1, random port
 */
export async function startListening(server: Server, options: ListenOptions = {}): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      // Bound: later errors are the server's own again, not swallowed by this promise.
      server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}

/** A body size limit: past `bytes`, the request is destroyed and the read rejects with `error()`. */
export interface BodyLimit {
  bytes: number;
  error: () => Error;
}

/**
 * Reads a request's whole body.
 * @example
 * const body = await readRequestBody(req, { bytes: 1024, error: () => new Error('body over 1 KiB') });
 */
export function readRequestBody(req: IncomingMessage, limit?: BodyLimit): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (limit !== undefined && size > limit.bytes) {
        reject(limit.error());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
