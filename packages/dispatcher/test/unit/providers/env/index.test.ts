/**
 * Each provider's variables, parsed once at cold start without loading its SDK (src/providers/env/). The
 * problem lists moved here from the adapters' former `requiredEnv` tests.
 */
import type { ProviderName } from '@mailroom/shared-types';
import { describe, expect, it } from 'vitest';
import { parseProviderEnv } from '../../../../src/providers/env/index.js';

function problemsOf(name: ProviderName, env: Record<string, string>): string[] {
  const parsed = parseProviderEnv(name, env);
  return 'problems' in parsed ? parsed.problems : [];
}

function configOf<P extends ProviderName>(name: P, env: Record<string, string>) {
  const parsed = parseProviderEnv(name, env);
  if ('problems' in parsed) throw new Error(parsed.problems.join('; '));
  return parsed.config;
}

describe('parseProviderEnv problems', () => {
  it('names the provider and the variable for each missing credential', () => {
    expect(problemsOf('mailgun', {})).toEqual([
      'MAILGUN_API_KEY is required for provider mailgun',
      'MAILGUN_DOMAIN is required for provider mailgun (your sending domain, e.g. mg.example.com)',
    ]);
    expect(problemsOf('brevo', {})).toEqual(['BREVO_API_KEY is required for provider brevo']);
    expect(problemsOf('ses', {})).toEqual(['AWS_REGION (or SES_REGION) is required for provider ses']);
    expect(problemsOf('smtp', {})).toEqual([
      'SMTP_URL is required for provider smtp (smtp://user:pass@host:587 or smtps://…:465)',
    ]);
  });

  it('accepts complete configurations', () => {
    expect(
      problemsOf('mailgun', { MAILGUN_API_KEY: 'k', MAILGUN_DOMAIN: 'mg.example.com', MAILGUN_REGION: 'eu' }),
    ).toEqual([]);
    expect(problemsOf('brevo', { BREVO_API_KEY: 'k' })).toEqual([]);
    expect(problemsOf('ses', { AWS_REGION: 'eu-west-1', SES_CONFIGURATION_SET: 'mailroom-events' })).toEqual(
      [],
    );
    expect(
      problemsOf('smtp', {
        SMTP_URL: 'smtps://u:p@smtp.example.com:465',
        SMTP_TLS_REJECT_UNAUTHORIZED: 'false',
      }),
    ).toEqual([]);
  });

  it('rejects a Mailgun URL with /v3 and an unknown region', () => {
    expect(
      problemsOf('mailgun', {
        MAILGUN_API_KEY: 'k',
        MAILGUN_DOMAIN: 'mg.example.com',
        MAILGUN_REGION: 'asia',
        MAILGUN_API_URL: 'https://api.mailgun.net/v3',
      }),
    ).toEqual([
      'MAILGUN_REGION: expected us or eu, got "asia"',
      'MAILGUN_API_URL: leave out /v3 (mailgun.js adds it), e.g. https://api.mailgun.net',
    ]);
  });

  it('never echoes SMTP_URL, which carries the password', () => {
    const problems = problemsOf('smtp', { SMTP_URL: 'http://user:hunter2@mail.example.com' });

    expect(problems).toHaveLength(1);
    expect(problems.join()).not.toContain('hunter2');
  });

  it('checks the SMTP TLS options', () => {
    expect(
      problemsOf('smtp', {
        SMTP_URL: 'smtp://mail.example.com:587',
        SMTP_TLS_REJECT_UNAUTHORIZED: 'maybe',
        SMTP_TLS_MIN_VERSION: 'TLSv1',
        SMTP_TLS_CA: 'not a pem',
        SMTP_POOL_MAX_CONNECTIONS: '0',
      }),
    ).toEqual([
      'SMTP_TLS_REJECT_UNAUTHORIZED: expected true or false, got "maybe"',
      'SMTP_TLS_MIN_VERSION: expected TLSv1.2 or TLSv1.3, got "TLSv1"',
      'SMTP_TLS_CA: expected a PEM certificate (-----BEGIN CERTIFICATE----- …)',
      'SMTP_POOL_MAX_CONNECTIONS: expected an integer 1–20, got "0"',
    ]);
  });
});

describe('sendgrid parseEnv', () => {
  it('names the missing key and a bad base URL', () => {
    expect(problemsOf('sendgrid', { SENDGRID_API_URL: 'not a url' })).toEqual([
      'SENDGRID_API_KEY is required for provider sendgrid',
      'SENDGRID_API_URL: expected an http(s) base URL like https://api.sendgrid.com',
    ]);
    expect(problemsOf('sendgrid', { SENDGRID_API_KEY: 'SG.x' })).toEqual([]);
  });
});

describe('parseProviderEnv settings', () => {
  it("types each provider's settings once, so adapters never read the environment", () => {
    expect(
      configOf('sendgrid', { SENDGRID_API_KEY: ' SG.x ', SENDGRID_API_URL: 'http://127.0.0.1:1/' }),
    ).toEqual({
      apiKey: 'SG.x',
      apiUrl: 'http://127.0.0.1:1',
    });
    expect(
      configOf('mailgun', { MAILGUN_API_KEY: 'k', MAILGUN_DOMAIN: 'mg.example.com', MAILGUN_REGION: 'EU' }),
    ).toEqual({
      apiKey: 'k',
      domain: 'mg.example.com',
      url: 'https://api.eu.mailgun.net',
    });
    expect(configOf('brevo', { BREVO_API_KEY: 'k', BREVO_API_URL: 'http://127.0.0.1:2/v3/' }).apiUrl).toBe(
      'http://127.0.0.1:2/v3',
    );
    expect(configOf('ses', { AWS_DEFAULT_REGION: 'eu-west-3', SES_REGION: 'eu-west-1' }).region).toBe(
      'eu-west-1',
    );
    expect(configOf('smtp', { SMTP_URL: 'smtp://u:p@h:587', SMTP_REQUIRE_TLS: 'TRUE' })).toMatchObject({
      requireTls: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      maxConnections: 2,
    });
    expect(configOf('outbox', { OUTBOX_DIR: '/tmp/x' })).toEqual({ dir: '/tmp/x' });
  });

  it('refuses an outbox directory no filesystem accepts', () => {
    expect(problemsOf('outbox', { OUTBOX_DIR: 'a\0b' })).toEqual(['OUTBOX_DIR: must be a directory path']);
  });
});
