/**
 * PreconnectAgent (src/providers/kit/warm-agent.ts) against a real HTTPS front on loopback: the first request takes the
 * pre-connected connection (or waits for its handshake), and a pre-connect that failed is replaced by a
 * fresh connection, so a warm-up never fails a request.
 */
import { request } from 'node:https';
import { type StandIn, startSendGridStandIn } from '@mailroom/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { PreconnectAgent } from '../../../../src/providers/kit/warm-agent.js';
import { startTlsFront, type TlsFront } from '../../../support/tls-front.js';

const opened: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.close()));
});

async function world(
  options: Parameters<typeof startTlsFront>[1] = {},
): Promise<{ front: TlsFront; agent: PreconnectAgent }> {
  const sendgrid: StandIn = await startSendGridStandIn({ apiKey: 'SG.warm' });
  const front = await startTlsFront(new URL(sendgrid.url).origin, options);
  const agent = new PreconnectAgent({ ca: front.cert });
  opened.push(sendgrid, front, { close: () => agent.destroy() });
  return { front, agent };
}

/** One GET through the agent; resolves with the status (the stand-in answers 404 for `/`). */
function get(agent: PreconnectAgent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

function secured(socket: { once(event: 'secureConnect', cb: () => void): unknown }): Promise<void> {
  return new Promise((resolve) => socket.once('secureConnect', () => resolve()));
}

describe('PreconnectAgent', () => {
  it('sends the first requests on the pre-connected connection: one handshake in all', async () => {
    // Arrange
    const { front, agent } = await world();
    const socket = agent.preconnect(front.url);
    await secured(socket as NonNullable<typeof socket>);

    // Act
    const statuses = [await get(agent, front.url), await get(agent, front.url)];

    // Assert
    expect(statuses.every((s) => s > 0)).toBe(true);
    expect(front.connections).toBe(1);
    expect(front.handshakes).toBe(1);
    expect(agent.pendingCount).toBe(0);
  });

  it('makes a request that arrives during the pre-connect handshake wait for it instead of opening another', async () => {
    // Arrange: the front holds each ClientHello for 150 ms
    const { front, agent } = await world({ handshakeDelayMs: 150 });
    agent.preconnect(front.url);

    // Act: the request starts while the handshake is still held
    const status = await get(agent, front.url);

    // Assert
    expect(status).toBeGreaterThan(0);
    expect(front.connections).toBe(1);
    expect(front.handshakes).toBe(1);
  });

  it('replaces a pre-connect reset before the request with a fresh connection', async () => {
    // Arrange: the first connection (the pre-connect) is reset on accept
    const { front, agent } = await world({ resetFirst: 1 });
    const socket = agent.preconnect(front.url) as NonNullable<ReturnType<PreconnectAgent['preconnect']>>;
    await new Promise((resolve) => socket.once('close', resolve));

    // Act
    const status = await get(agent, front.url);

    // Assert: the request succeeded on a second connection
    expect(status).toBeGreaterThan(0);
    expect(front.connections).toBe(2);
    expect(front.handshakes).toBe(1);
  });

  it('replaces a pre-connect that fails while a request waits for it with a fresh connection', async () => {
    // Arrange: the pre-connect is reset; the request is made before the reset reaches the client
    const { front, agent } = await world({ resetFirst: 1 });
    agent.preconnect(front.url);

    // Act
    const status = await get(agent, front.url);

    // Assert
    expect(status).toBeGreaterThan(0);
    expect(front.connections).toBe(2);
    expect(front.handshakes).toBe(1);
  });

  it('starts nothing for http: origins or malformed URLs', async () => {
    // Arrange
    const agent = new PreconnectAgent();
    opened.push({ close: () => agent.destroy() });

    // Act
    const started = [agent.preconnect('http://127.0.0.1:1'), agent.preconnect('not a url')];

    // Assert
    expect(started).toEqual([undefined, undefined]);
    expect(agent.pendingCount).toBe(0);
  });
});
