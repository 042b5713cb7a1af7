import { describe, expect, it } from 'vitest';
import { classifyStatus, isTransientStatus, transientStatus } from '../../../../src/providers/kit/status.js';

describe('classifyStatus', () => {
  it.each([401, 403])('reads %i as provider-auth by default', (status) => {
    expect(classifyStatus(status, 'x')).toEqual({ kind: 'provider-auth', status, reason: 'x' });
  });

  it.each([408, 429, 500, 503])('reads %i as transient, keeping Retry-After', (status) => {
    expect(classifyStatus(status, 'x', { retryAfterMs: 2_000 })).toEqual({
      kind: 'transient',
      status,
      retryAfterMs: 2_000,
      reason: 'x',
    });
  });

  it.each([400, 404, 413, 422])('reads %i as rejected', (status) => {
    expect(classifyStatus(status, 'x', { retryAfterMs: 1 })).toEqual({
      kind: 'rejected',
      status,
      reason: 'x',
    });
  });

  it("takes an adapter's own auth statuses (Brevo's 402, Mailgun's 404)", () => {
    expect(classifyStatus(402, 'x', { auth: [401, 402, 403] }).kind).toBe('provider-auth');
    expect(classifyStatus(404, 'x', { auth: [401, 403, 404] }).kind).toBe('provider-auth');
    expect(classifyStatus(402, 'x').kind).toBe('rejected');
  });
});

describe('isTransientStatus', () => {
  it('is true for 408, 429 and 5xx only', () => {
    expect([408, 429, 500, 599, 400, 401, 499].map(isTransientStatus)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('transientStatus', () => {
  it('leaves retryAfterMs out when the provider sent none', () => {
    expect(transientStatus(503, 'x', undefined)).toEqual({ kind: 'transient', status: 503, reason: 'x' });
    expect('retryAfterMs' in transientStatus(503, 'x', undefined)).toBe(false);
  });
});
