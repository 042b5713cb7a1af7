import { describe, expect, it } from 'vitest';
import { render } from '../../../src/index.js';
import { errorOf } from '../../support/renderer.js';

const ana = { username: 'ana', userAttributes: { email: 'ana@example.com', given_name: 'Ana' } };

describe('escaping', () => {
  it('renders a hostile given_name inert in the HTML', () => {
    const payload = '<img src=x onerror=alert(1)>';
    const email = render({
      trigger: 'SignUp',
      brand: 'default',
      data: {
        code: '123456',
        username: 'ana',
        userAttributes: { given_name: payload, email: 'a@example.com' },
      },
    });
    expect(email.html).not.toContain(payload);
    expect(email.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(email.html).not.toMatch(/<img[^>]*onerror/i);
  });

  it('escapes a temporary password once in HTML and keeps it verbatim in the text part', () => {
    const email = render({
      trigger: 'AdminCreateUser',
      data: { code: 'Tq7#v<X>&"p', username: 'ana', userAttributes: { email: 'ana@example.com' } },
    });
    expect(email.html).toContain('Tq7#v&lt;X&gt;&amp;&quot;p');
    expect(email.html).not.toContain('&amp;lt;');
    expect(email.text).toContain('Tq7#v<X>&"p');
  });

  it('strips CR/LF and other control characters from the subject', () => {
    const email = render({
      templateId: 'welcome-rich',
      locale: 'en',
      data: {
        code: '1',
        username: 'u',
        userAttributes: { given_name: 'Eve\r\nBcc: victim@example.com\u0000\u0007' },
      },
    });
    expect(email.subject).toBe(
      'Welcome to Mailroom, Eve Bcc: victim@example.com! Confirm your email to get started',
    );
  });
});

describe('unbounded user text', () => {
  // Regression: `/[ \t]+\n/g` over the text part is quadratic in a run of blanks; 100k took 5–11 s.
  it("cuts a 100k-character attribute at Cognito's 2,048 before rendering it", () => {
    const device = `${' '.repeat(100_000)}Pixel`;

    const email = render({
      templateId: 'account-take-over',
      locale: 'en',
      data: {
        code: null,
        username: 'ana',
        userAttributes: { email: 'ana@example.com', DEVICE_NAME: device },
      },
    });

    const line = email.text.split('\n').find((l) => l.startsWith('Device')) ?? '';
    // 2,048 blanks (the rest, and "Pixel", cut before rendering), then trailing blanks removed.
    expect(line).toBe('Device:');
    expect(email.text).not.toContain('Pixel');
  });

  it('puts a long multi-line name into the subject and greeting as one line of 100 characters and …', () => {
    const given = `Eve\r\n${'Please wire the money today. '.repeat(4_000)}`;

    const email = render({
      templateId: 'welcome-rich',
      locale: 'en',
      data: { code: '1', username: 'u', userAttributes: { given_name: given } },
    });

    const name = `Eve ${'Please wire the money today. '.repeat(4)}`.slice(0, 100).trimEnd();
    expect(email.subject).toBe(`Welcome to Mailroom, ${name}…! Confirm your email to get started`);
    expect(email.text).toContain(`Hi ${name}…,`);
    // Only the greeting's 100 characters of the name are mailed.
    expect(email.text.split('wire the money').length).toBe(name.split('wire the money').length);
  });
});

describe('account take-over', () => {
  it('says the sign-in was blocked only when Cognito blocked it', () => {
    const base = { email: 'ana@example.com', IP_ADDRESS: '203.0.113.9' };
    const blocked = render({
      trigger: 'AccountTakeOverNotification',
      data: { code: null, username: 'ana', userAttributes: { ...base, ACCOUNT_TAKE_OVER_ACTION: 'BLOCK' } },
    });
    const notified = render({
      trigger: 'AccountTakeOverNotification',
      data: {
        code: null,
        username: 'ana',
        userAttributes: { ...base, ACCOUNT_TAKE_OVER_ACTION: 'NO_ACTION' },
      },
    });
    expect(blocked.html).toContain('We blocked this sign-in attempt');
    expect(blocked.text).toContain('We blocked this sign-in attempt');
    expect(notified.html).not.toContain('We blocked');
  });

  it('renders without location, device or email, saying what is unknown', () => {
    const email = render({
      trigger: 'AccountTakeOverNotification',
      locale: 'de',
      data: { code: null, username: 'ana', userAttributes: { IP_ADDRESS: '2001:db8::1' } },
    });
    expect(email.text).toContain('Wo: Unbekannt');
    expect(email.text).toContain('Gerät: Unbekannt');
    expect(email.text).toContain('Diese E-Mail wurde Ihnen von Mailroom gesendet.');
  });
});

describe('locale and brand of a render', () => {
  it('renders an explicit pt-BR in its language (pt)', () => {
    const email = render({ trigger: 'ForgotPassword', locale: 'pt-BR', data: { ...ana, code: '1' } });
    expect(email.locale).toBe('pt');
    expect(email.subject).toBe('Redefina sua senha Mailroom');
  });

  it('localizes the subject and the text part', () => {
    const de = render({ trigger: 'Authentication', locale: 'de', data: { ...ana, code: '778899' } });
    expect(de.subject).toBe('Ihr Anmeldecode für Mailroom');
    expect(de.text).toContain('Dieser Code läuft in 3 Minuten ab');
    const ar = render({ trigger: 'Authentication', locale: 'ar', data: { ...ana, code: '778899' } });
    expect(ar.subject).toBe('رمز تسجيل الدخول إلى Mailroom');
    expect(ar.html).toContain('<html lang="ar" dir="rtl"');
  });

  it("sends a trigger through the brand's template override", () => {
    const email = render({ trigger: 'SignUp', brand: 'acme', locale: 'en', data: { ...ana, code: '1' } });
    expect(email.templateId).toBe('welcome-rich');
  });

  it('compiles brand colours into the HTML', () => {
    const acme = render({ trigger: 'ForgotPassword', brand: 'acme', data: { ...ana, code: '1' } });
    const mailroom = render({ trigger: 'ForgotPassword', brand: 'default', data: { ...ana, code: '1' } });
    expect(acme.html).toContain('#c2410c');
    expect(acme.html).not.toContain('#4f46e5');
    expect(mailroom.html).toContain('#4f46e5');
  });
});

describe('render errors', () => {
  it('throws LOCALE_NOT_FOUND for an explicit unknown locale', () => {
    expect(errorOf(() => render({ trigger: 'SignUp', locale: 'fr', data: { ...ana, code: '1' } })).code).toBe(
      'LOCALE_NOT_FOUND',
    );
  });

  it('throws typed errors for an unknown brand or template, and for neither trigger nor template', () => {
    expect(errorOf(() => render({ trigger: 'SignUp', brand: 'nope', data: ana })).code).toBe(
      'BRAND_NOT_FOUND',
    );
    expect(errorOf(() => render({ templateId: 'nope', data: ana })).code).toBe('TEMPLATE_NOT_FOUND');
    expect(errorOf(() => render({ data: ana })).code).toBe('TEMPLATE_NOT_FOUND');
  });

  it('throws MISSING_VARIABLE without data', () => {
    expect(errorOf(() => render({ trigger: 'SignUp' } as never)).code).toBe('MISSING_VARIABLE');
  });
});
