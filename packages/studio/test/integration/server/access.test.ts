/**
 * Who may talk to the studio, with real HTTP requests (node:http, so the Host header can be forged the way a
 * DNS-rebinding page or a LAN client would send it). "Send test" can send real mail with the provider keys in
 * the environment and the outbox holds codes, so:
 * - every mode keeps a Host allow-list (loopback names, this machine's name and addresses, --allowed-host);
 * - bound to a non-loopback address (0.0.0.0, ::, a LAN IP), every /api route and /events also needs the
 *   per-run token the studio prints in its URL (as Jupyter does); the printed URL sets it as a cookie.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES_PACKAGE_DIR } from '../../../src/paths.js';
import { type Studio, startStudio } from '../../../src/server/start-studio.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to 127.0.0.1:<port> (or [::1]) with exactly the given Host and headers. */
function call(
  port: number,
  path: string,
  options: { host: string; method?: string; headers?: Record<string, string>; body?: string; via?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: options.via ?? '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host: options.host, ...options.headers },
        setHost: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A LAN address of this machine, as a colleague's browser would put it in the Host header. */
function lanAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) if (!entry.internal && entry.family === 'IPv4') return entry.address;
  }
  return '127.0.0.1';
}

let outboxDir: string;
const studios: Studio[] = [];

async function studioOn(host: string, extra: { allowedHosts?: string[] } = {}): Promise<Studio> {
  const studio = await startStudio({
    port: 0,
    host,
    templatesDir: TEMPLATES_PACKAGE_DIR,
    outboxDir,
    watch: false,
    ...extra,
  });
  studios.push(studio);
  await studio.ready;
  return studio;
}

beforeAll(async () => {
  outboxDir = await mkdtemp(join(tmpdir(), 'mailroom-studio-access-'));
});

afterAll(async () => {
  await rm(outboxDir, { recursive: true, force: true });
});

/** Closes a studio when its block is done (compiling, checks worker), so only one runs at a time. */
async function closeStudio(studio: Studio | undefined): Promise<void> {
  if (!studio) return;
  studios.splice(studios.indexOf(studio), 1);
  await studio.close();
}

describe.each(['0.0.0.0', '::'])('studio bound to %s', (bindHost) => {
  let studio: Studio;
  let token: string;
  beforeAll(async () => {
    studio = await studioOn(bindHost, { allowedHosts: ['studio.team.example'] });
    token = new URL(studio.url).searchParams.get('token') ?? '';
  }, 90_000);
  afterAll(() => closeStudio(studio), 90_000);

  // Regression: on 0.0.0.0 and :: the Host check was skipped and Origin was compared with the (attacker's)
  // Host, so a rebinding page could POST /api/send and read or delete the outbox.
  it('refuses a DNS-rebinding request (foreign Host, same-origin Origin), even with the token', async () => {
    const host = `attacker.example:${studio.port}`;

    const send = await call(studio.port, '/api/send', {
      host,
      method: 'POST',
      headers: {
        origin: `http://${host}`,
        'content-type': 'application/json',
        'x-mailroom-token': token,
      },
      body: '{}',
    });
    const read = await call(studio.port, `/api/outbox?token=${token}`, {
      host,
      headers: { origin: `http://${host}` },
    });
    const wipe = await call(studio.port, '/api/outbox', { host, method: 'DELETE' });

    expect([send.status, read.status, wipe.status]).toEqual([403, 403, 403]);
    expect(send.body).toContain('attacker.example');
  });

  it('answers a LAN request without the token with 401 on every /api route, reads included', async () => {
    const host = `${lanAddress()}:${studio.port}`;

    const replies = await Promise.all([
      call(studio.port, '/api/outbox', { host }),
      call(studio.port, '/api/state', { host }),
      call(studio.port, '/events', { host }),
      call(studio.port, '/api/outbox', { host, method: 'DELETE' }),
      call(studio.port, '/api/send', {
        host,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
      call(studio.port, '/api/outbox', { host, headers: { 'x-mailroom-token': 'wrong' } }),
    ]);

    expect(replies.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(replies[0]?.body).toContain('token');
  });

  it('prints a tokenized URL that works: the page sets the token cookie the API then accepts', async () => {
    const printed = new URL(studio.url);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32,}$/);

    const page = await call(studio.port, `${printed.pathname}${printed.search}`, { host: printed.host });
    const cookie = String(page.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    const withCookie = await call(studio.port, '/api/outbox', { host: printed.host, headers: { cookie } });
    const fromLan = await call(studio.port, '/api/outbox', {
      host: `${lanAddress()}:${studio.port}`,
      headers: { 'x-mailroom-token': token },
    });
    const allowedName = await call(studio.port, `/api/outbox?token=${token}`, {
      host: `studio.team.example:${studio.port}`,
    });

    expect(page.status).toBe(200);
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly/);
    expect(String(page.headers['set-cookie'])).toMatch(/SameSite=Strict/);
    expect([withCookie.status, fromLan.status, allowedName.status]).toEqual([200, 200, 200]);
    expect(JSON.parse(withCookie.body)).toHaveProperty('messages');
  });

  it('refuses a cross-site Origin even for an allowed Host and a valid token', async () => {
    const reply = await call(studio.port, '/api/send', {
      host: `localhost:${studio.port}`,
      method: 'POST',
      headers: {
        origin: 'http://evil.example',
        'content-type': 'application/json',
        'x-mailroom-token': token,
      },
      body: '{}',
    });

    expect(reply.status).toBe(403);
  });
});

describe('studio bound to loopback (the default)', () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await studioOn('127.0.0.1');
  }, 90_000);
  afterAll(() => closeStudio(studio), 90_000);

  it('needs no token and refuses a rebinding Host', async () => {
    const own = await call(studio.port, '/api/outbox', { host: `localhost:${studio.port}` });
    const rebound = await call(studio.port, '/api/outbox', { host: `attacker.example:${studio.port}` });

    expect(new URL(studio.url).searchParams.has('token')).toBe(false);
    expect(own.status).toBe(200);
    expect(rebound.status).toBe(403);
  });
});
