/** The example API served for real (`@hono/node-server` on a free port) and a small fetch client for it. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, loadConfig } from '../../../src/index.js';

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface RunningApi {
  url: string;
  post(path: string, body: unknown): Promise<ApiAnswer>;
  get(path: string, headers?: Record<string, string>): Promise<ApiAnswer>;
  close(): Promise<void>;
}

async function answer(res: Response): Promise<ApiAnswer> {
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * Serves the app for `env` (the flow's `appEnv`) on 127.0.0.1 and `port` (default: a free one).
 * @example const api = await startApi(flow.appEnv); await api.post('/auth/register', { email, password });
 */
export async function startApi(env: Record<string, string>, port = 0): Promise<RunningApi> {
  const app = createApp({ config: loadConfig(env) });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    post: async (path, body) =>
      answer(
        await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      ),
    get: async (path, headers = {}) => answer(await fetch(`${url}${path}`, { headers })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
