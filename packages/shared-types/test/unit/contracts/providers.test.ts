import { describe, expect, it } from 'vitest';
import {
  PROVIDER_SECRET_KEYS,
  PROVIDER_VARIABLES,
  SES_CONFIGURATION_SET_PATTERN,
} from '../../../src/contracts/providers.js';
import { PROVIDER_NAMES } from '../../../src/email.js';

describe('PROVIDER_VARIABLES', () => {
  it('describes every provider', () => {
    expect(Object.keys(PROVIDER_VARIABLES).sort()).toEqual([...PROVIDER_NAMES].sort());
  });

  it('lists the secret keys design.md names, each once', () => {
    expect(PROVIDER_SECRET_KEYS).toEqual([
      'SENDGRID_API_KEY',
      'MAILGUN_API_KEY',
      'MAILGUN_DOMAIN',
      'MAILGUN_REGION',
      'BREVO_API_KEY',
      'SMTP_URL',
    ]);
    expect(new Set(PROVIDER_SECRET_KEYS).size).toBe(PROVIDER_SECRET_KEYS.length);
  });
});

describe('SES_CONFIGURATION_SET_PATTERN', () => {
  it('accepts SES names and refuses others', () => {
    expect(SES_CONFIGURATION_SET_PATTERN.test('mailroom_events-1')).toBe(true);
    expect(SES_CONFIGURATION_SET_PATTERN.test('bad name')).toBe(false);
    expect(SES_CONFIGURATION_SET_PATTERN.test('x'.repeat(65))).toBe(false);
  });
});
