/**
 * HTTP plumbing every route shares: a status-carrying error, JSON answers, bounded JSON bodies, field readers
 * that name the field on bad input, and listening with a port fallback.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Largest JSON body a route accepts. */
const MAX_BODY_BYTES = 2_000_000;

/**
 * An answer other than 200, with the message the page shows.
 * @example throw new HttpError(404, `no message "${id}" in the outbox`);
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Writes `body` as JSON, never cached.
 * @example sendJson(res, 200, { templates });
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(payload);
}

/**
 * Reads a JSON object body (empty body: `{}`); 413 above 2 MB, 400 for anything but a JSON object.
 * @example const body = await readJsonBody(req);
 */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body is larger than 2 MB');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, 'request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/**
 * A string field, `undefined` when absent, null or empty; 400 naming the field otherwise.
 * @example optionalString({ locale: 'de' }, 'locale') // 'de'
 */
export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `"${key}" must be a string`);
  return value;
}

/**
 * An object of strings, `undefined` when absent or null; 400 naming the first bad member otherwise.
 * @example stringRecord({ given_name: 'Ana' }, 'userAttributes') // { given_name: 'Ana' }
 */
export function stringRecord(value: unknown, key: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new HttpError(400, `"${key}" must be an object`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new HttpError(400, `"${key}.${k}" must be a string`);
    out[k] = v;
  }
  return out;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolvePort((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Tries the preferred port, then the next ten, then any free port (`0`: any free port at once).
 * @example const port = await listenWithFallback(server, 3000, '127.0.0.1');
 */
export async function listenWithFallback(server: Server, preferred: number, host: string): Promise<number> {
  if (preferred === 0) return listen(server, 0, host);
  for (let port = preferred; port < preferred + 10; port++) {
    try {
      return await listen(server, port, host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
    }
  }
  return listen(server, 0, host);
}
