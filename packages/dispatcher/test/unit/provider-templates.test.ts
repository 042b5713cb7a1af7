import { writeFileSync } from 'node:fs';
import type { EmailMessage } from '@mailroom/shared-types';
import { describe, expect, it } from 'vitest';
import {
  loadProviderTemplates,
  ProviderTemplatesError,
  providerTemplateData,
  providerTemplateFor,
  providerTemplateProblems,
} from '../../src/provider-templates.js';
import { withTempFile } from '../support/temp-file.js';

const CONFIG = {
  sendgrid: { ForgotPassword: 'd-123', 'acme:SignUp': 'd-456', CustomEmailSender_Authentication: 'd-789' },
  mailgun: { ForgotPassword: 'forgot-password' },
  brevo: { ForgotPassword: 12, SignUp: '34' },
  ses: { 'acme:ForgotPassword': 'acme-forgot-password' },
};
const env = { PROVIDER_TEMPLATES: JSON.stringify(CONFIG) };

const data = providerTemplateData({
  code: '123456',
  codeKind: 'code',
  username: 'ana',
  email: 'ana@example.com',
  trigger: 'ForgotPassword',
  brand: 'acme',
  locale: 'pt-BR',
  userAttributes: { given_name: 'Ana' },
});

const message: EmailMessage = {
  from: { address: 'no-reply@mailroom.test' },
  to: [{ address: 'ana@example.com' }],
  subject: 'Reset',
  html: '<p>ours</p>',
  text: 'ours',
};

describe('provider templates', () => {
  it('looks up a template per provider and trigger, brand entries first', () => {
    const templates = loadProviderTemplates(env);

    expect(templates.size).toBe(7);
    expect(templates.templateFor('sendgrid', 'ForgotPassword', 'default')).toBe('d-123');
    expect(templates.templateFor('sendgrid', 'SignUp', 'acme')).toBe('d-456');
    expect(templates.templateFor('sendgrid', 'SignUp', 'default')).toBeUndefined();
    expect(templates.templateFor('sendgrid', 'Authentication', 'default')).toBe('d-789');
    expect(templates.templateFor('brevo', 'ForgotPassword', 'acme')).toBe('12');
    expect(templates.templateFor('ses', 'ForgotPassword', 'acme')).toBe('acme-forgot-password');
    expect(templates.templateFor('ses', 'ForgotPassword', 'default')).toBeUndefined();
    expect(templates.templateFor('smtp', 'ForgotPassword', 'acme')).toBeUndefined();
  });

  it('asks for a hosted template only when some provider hosts one for the trigger and brand', () => {
    const templates = loadProviderTemplates(env);

    expect(templates.request('ForgotPassword', 'acme', data)).toEqual({ id: 'acme:ForgotPassword', data });
    expect(templates.request('ResendCode', 'acme', data)).toBeUndefined();
  });

  it('gives each provider its own id, and our HTML to providers without one', () => {
    const templates = loadProviderTemplates(env);
    const wanted = { ...message, providerTemplate: templates.request('ForgotPassword', 'acme', data) };

    expect(templates.messageFor('mailgun', wanted).providerTemplate).toEqual({ id: 'forgot-password', data });
    expect(templates.messageFor('ses', wanted).providerTemplate).toEqual({
      id: 'acme-forgot-password',
      data,
    });
    expect(templates.messageFor('smtp', wanted)).not.toHaveProperty('providerTemplate');
    expect(templates.messageFor('smtp', wanted).html).toBe('<p>ours</p>');
    expect(templates.messageFor('outbox', message)).toBe(message);
  });

  it('reads the table from a JSON file when the variable is a path', async () => {
    const found = await withTempFile('mailroom-provider-templates-', 'templates.json', async (file) => {
      writeFileSync(file, JSON.stringify(CONFIG));
      return providerTemplateFor('mailgun', 'ForgotPassword', 'default', { PROVIDER_TEMPLATES: file });
    });

    expect(found).toBe('forgot-password');
  });

  it('is off (empty) when the variable is unset', () => {
    expect(loadProviderTemplates({}).size).toBe(0);
    expect(providerTemplateProblems({})).toEqual([]);
  });

  it('lists every problem, naming the entry and the fix', () => {
    const bad = {
      PROVIDER_TEMPLATES: JSON.stringify({
        brevo: { SignUp: 'welcome' },
        smtp: { SignUp: 'x' },
        postmark: {},
        sendgrid: { Welcome: 'd-1', ForgotPassword: '' },
      }),
    };

    expect(providerTemplateProblems(bad)).toEqual([
      'PROVIDER_TEMPLATES.brevo.SignUp: Brevo template ids are positive integers, got "welcome"',
      'PROVIDER_TEMPLATES.smtp: smtp has no hosted templates (use one of sendgrid, mailgun, brevo, ses)',
      'PROVIDER_TEMPLATES.postmark: unknown provider (use one of sendgrid, mailgun, brevo, ses)',
      'PROVIDER_TEMPLATES.sendgrid.Welcome: expected a trigger name (SignUp, ForgotPassword, …) or brand:Trigger',
      'PROVIDER_TEMPLATES.sendgrid.ForgotPassword: expected a non-empty template id string, got ""',
    ]);
    expect(() => loadProviderTemplates(bad)).toThrow(ProviderTemplatesError);
  });

  it('explains a value that is neither JSON nor a readable file', () => {
    const [problem] = providerTemplateProblems({ PROVIDER_TEMPLATES: '/nonexistent/templates.json' });

    expect(problem).toContain('not a JSON object and not a readable file');
    expect(problem).toContain('ENOENT');
  });

  it('builds the standard data with the code, user and routing facts', () => {
    expect(data).toEqual({
      code: '123456',
      codeKind: 'code',
      username: 'ana',
      email: 'ana@example.com',
      trigger: 'ForgotPassword',
      brand: 'acme',
      locale: 'pt-BR',
      appUrl: null,
      displayName: 'Ana',
      userAttributes: { given_name: 'Ana' },
      clientMetadata: null,
    });
  });

  it('strips control characters from user data and caps it, but passes the code unchanged', () => {
    const hostile = providerTemplateData({
      code: 'Ab<1>&"\'',
      codeKind: 'temporaryPassword',
      username: 'eve\r\n',
      email: 'eve@example.com\u0000',
      trigger: 'AdminCreateUser',
      brand: 'default',
      locale: 'en',
      userAttributes: { given_name: `Eve\r\nBcc: x\u0007${'y'.repeat(100_000)}` },
      clientMetadata: { note: 'a\u2028b' },
    });

    expect(hostile.code).toBe('Ab<1>&"\'');
    expect(hostile.username).toBe('eve');
    expect(hostile.email).toBe('eve@example.com');
    // Cut at 2,048 first, then CR LF became one space.
    expect(hostile.userAttributes.given_name).toHaveLength(2_047);
    expect(hostile.userAttributes.given_name?.startsWith('Eve Bcc: x yyy')).toBe(true);
    expect(hostile.displayName).toBe(`Eve Bcc: x ${'y'.repeat(89)}…`);
    expect(hostile.clientMetadata).toEqual({ note: 'a b' });
  });
});
