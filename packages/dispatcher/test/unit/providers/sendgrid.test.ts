import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/providers/sendgrid.js';

/** The shape @sendgrid/client rejects with for HTTP errors (its ResponseError class is not importable). */
function responseError(status: number, headers: Record<string, string> = {}, body: unknown = {}) {
  return Object.assign(new Error('status text'), { code: status, response: { headers, body } });
}

describe('sendgrid classify', () => {
  it.each([401, 403])('treats %i as provider-auth', (status) => {
    expect(classify(responseError(status))).toMatchObject({ kind: 'provider-auth', status });
  });

  it.each([408, 429, 500, 502, 503])('treats %i as transient', (status) => {
    expect(classify(responseError(status))).toMatchObject({ kind: 'transient', status });
  });

  it('reads Retry-After from the response headers', () => {
    expect(classify(responseError(429, { 'retry-after': '7' }))).toMatchObject({
      kind: 'transient',
      status: 429,
      retryAfterMs: 7000,
    });
  });

  it('reads Retry-After through an AxiosHeaders-like get()', () => {
    const headers = { get: (name: string) => (name === 'retry-after' ? '2' : undefined) };
    const err = Object.assign(new Error('x'), { code: 503, response: { headers, body: {} } });

    expect(classify(err)).toMatchObject({ kind: 'transient', retryAfterMs: 2000 });
  });

  it('treats other 4xx as a rejected message and keeps the API error text', () => {
    const body = {
      errors: [{ field: 'personalizations.0.to', message: 'Does not contain a valid address.' }],
    };

    expect(classify(responseError(400, {}, body))).toEqual({
      kind: 'rejected',
      status: 400,
      reason: 'SendGrid answered HTTP 400: personalizations.0.to: Does not contain a valid address.',
    });
  });

  it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'ERR_CANCELED', 'ECONNREFUSED'])(
    'treats the network error %s as transient',
    (code) => {
      expect(classify(Object.assign(new Error('socket hang up'), { code }))).toEqual({
        kind: 'transient',
        reason: `SendGrid request failed: ${code}`,
      });
    },
  );

  it('treats an aborted attempt as transient', () => {
    expect(classify(new DOMException('aborted', 'AbortError'))).toMatchObject({ kind: 'transient' });
  });

  it('never puts the request (and its Authorization header) into the reason', () => {
    const err = Object.assign(responseError(401), {
      config: { headers: { Authorization: 'Bearer SG.secret' } },
    });

    expect(JSON.stringify(classify(err))).not.toContain('SG.secret');
  });
});
