import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SENDER, senderFrom } from '../../src/defaults.js';

describe('senderFrom', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('prefers the option, then EMAIL_FROM, then the studio default', () => {
    vi.stubEnv('EMAIL_FROM', 'Acme <no-reply@acme.example>');
    expect(senderFrom('Ops <ops@acme.example>')).toBe('Ops <ops@acme.example>');
    expect(senderFrom(undefined)).toBe('Acme <no-reply@acme.example>');

    vi.stubEnv('EMAIL_FROM', undefined);
    expect(senderFrom(undefined)).toBe(DEFAULT_SENDER);
    expect(DEFAULT_SENDER).toBe('Mailroom Dev <dev@mailroom.local>');
  });
});
