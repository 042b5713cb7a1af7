import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultSpec, HttpStandInServer } from '../../../src/standins/core.js';
import {
  acceptedMessage,
  headerValue,
  parseAddressList,
  startHttpStandIn,
} from '../../../src/standins/core.js';
import { rejectionOf } from '../../support/standins.js';

let server: HttpStandInServer;

const start = async (
  route: () => { status: number; body?: unknown } = () => ({ status: 200, body: { ok: true } }),
) => {
  server = await startHttpStandIn({
    route,
    faultReply: (status, body) => ({ status, body: body ?? { message: `fault ${status}` } }),
    malformedReply: () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{' }),
  });
};

afterEach(async () => {
  await server.close();
});

describe('stand-in core', () => {
  it('applies a fault for `times` requests, then answers normally again', async () => {
    await start();
    server.fail({ status: 503, retryAfter: 9, times: 2 });

    const answers = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await fetch(`${server.origin}/x`, { method: 'POST', body: '{}' });
      answers.push([res.status, res.headers.get('retry-after')]);
    }

    expect(answers).toEqual([
      [503, '9'],
      [503, '9'],
      [200, null],
    ]);
    expect(server.requestCount).toBe(3);
    expect(server.rejected).toHaveLength(2);
  });

  it('keeps a fault without `times` until fail(null)', async () => {
    await start();
    server.fail({ status: 500 });

    const first = await fetch(server.origin);
    const second = await fetch(server.origin);
    server.fail(null);
    const third = await fetch(server.origin);

    expect([first.status, second.status, third.status]).toEqual([500, 500, 200]);
  });

  it.each([
    [{ status: 700 }, /status must be an HTTP status/],
    [{ delayMs: -1 }, /delayMs must be a non-negative number/],
    [{ status: 500, times: 0 }, /times must be a positive integer/],
    [{ status: 500, reset: true }, /exactly one of status, delayMs, reset, malformed/],
  ])('refuses the fault spec %j with a message naming the field', async (spec, message) => {
    await start();

    // The cast lets deliberately invalid specs past the type checker, to reach the run-time check.
    expect(() => server.fail(spec as unknown as FaultSpec)).toThrow(message);
  });

  it('turns an exception in a route into a recorded 500 instead of a hung request', async () => {
    await start(() => {
      throw new Error('route bug');
    });

    const res = await fetch(server.origin);

    expect(res.status).toBe(500);
    expect(await res.text()).toBe('stand-in error: route bug');
    expect(server.rejected).toEqual([{ status: 500, reason: 'stand-in error: route bug' }]);
  });

  it('closes while a keep-alive connection is idle and a delayed request is parked', async () => {
    await start();
    const agent = new Agent({ keepAlive: true });
    const get = () =>
      new Promise<number>((resolve, reject) => {
        request(server.origin, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
          .on('error', reject)
          .end();
      });
    expect(await get()).toBe(200);
    server.fail({ delayMs: 120_000 });
    const parked = rejectionOf(get());
    await expect.poll(() => server.requestCount).toBe(2);

    await server.close();

    expect(((await parked) as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    agent.destroy();
  });
});

describe('parseAddressList', () => {
  it('splits display names, quoted commas and bare addresses, marking invalid parts', () => {
    expect(
      parseAddressList('"Doe, Jo" <jo@example.com>, ana@example.com, nope, Bob <bob@example.org>'),
    ).toEqual(['jo@example.com', 'ana@example.com', undefined, 'bob@example.org']);
  });
});

describe('acceptedMessage', () => {
  it('leaves out the optional fields a sender did not give, instead of recording them as undefined', () => {
    const message = acceptedMessage({
      messageId: 'm1',
      from: 'no-reply@mailroom.test',
      to: ['ana@example.com'],
      replyTo: undefined,
      subject: 'Your code',
      html: undefined,
      text: 'Your code is 123456',
      headers: {},
      tags: [],
      metadata: {},
      template: undefined,
      sandbox: false,
      raw: {},
    });

    expect(Object.keys(message)).not.toContain('replyTo');
    expect(Object.keys(message)).not.toContain('html');
    expect(Object.keys(message)).not.toContain('template');
    expect(message).toMatchObject({ subject: 'Your code', text: 'Your code is 123456', sandbox: false });
  });
});

describe('headerValue', () => {
  it('finds a header whatever case the sender wrote it in', () => {
    const headers = { 'Idempotency-Key': 'evt-1', 'X-Sib-Sandbox': 'drop' };

    expect(headerValue(headers, 'idempotency-key')).toBe('evt-1');
    expect(headerValue(headers, 'X-SIB-SANDBOX')).toBe('drop');
    expect(headerValue(headers, 'reply-to')).toBeUndefined();
  });
});
