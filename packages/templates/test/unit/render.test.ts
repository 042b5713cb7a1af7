import { CLIENT_ID_NOT_APPLICABLE, TRIGGERS } from '@mailroom/shared-types';
import { describe, expect, it } from 'vitest';
import {
  getPreviewStates,
  listBrands,
  listLocales,
  listTemplates,
  render,
  resolveBrand,
  resolveLocale,
  resolveTemplateId,
  TemplateError,
} from '../../src/index.js';

const ana = { username: 'ana', userAttributes: { email: 'ana@example.com', given_name: 'Ana' } };

function errorOf(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error('expected a TemplateError');
}

describe('the built registry', () => {
  it('has a template for every Cognito trigger plus the welcome-rich variant', () => {
    const ids = listTemplates().map((t) => t.id);
    for (const t of TRIGGERS) expect(ids).toContain(t.templateId);
    const signUp = listTemplates().find((t) => t.id === 'sign-up');
    expect(signUp?.variants).toEqual(['welcome-rich']);
    expect(listTemplates().find((t) => t.id === 'welcome-rich')?.variantOf).toBe('sign-up');
  });

  it('ships English, German, Portuguese and right-to-left Arabic', () => {
    expect(listLocales()).toEqual(['ar', 'de', 'en', 'pt']);
  });

  it('renders every template in every locale and brand from every preview state', () => {
    let count = 0;
    for (const t of listTemplates()) {
      for (const state of getPreviewStates(t.id)) {
        for (const locale of listLocales()) {
          for (const brand of listBrands()) {
            const email = render({ templateId: t.id, locale, brand: brand.name, data: state.data });
            expect(email.templateId).toBe(t.id);
            expect(email.locale).toBe(locale);
            expect(email.subject.length).toBeGreaterThan(5);
            expect(email.html).toContain(`lang="${locale}"`);
            expect(email.html).toContain(locale === 'ar' ? 'dir="rtl"' : 'dir="ltr"');
            expect(email.html).not.toMatch(/\{\{|\}\}|\[\[/);
            expect(email.text).toContain('https://');
            if (state.data.code) expect(email.text).toContain(state.data.code);
            count++;
          }
        }
      }
    }
    expect(count).toBeGreaterThanOrEqual(9 * 4 * 2);
  });

  it("renders the rich welcome variant beyond Cognito's 20,000-character limit", () => {
    const [state] = getPreviewStates('welcome-rich');
    const email = render({
      templateId: 'welcome-rich',
      brand: 'acme',
      locale: 'en',
      data: state?.data ?? ana,
    });
    expect(email.html.length).toBeGreaterThan(60_000);
    expect(Buffer.byteLength(email.html)).toBeLessThan(102 * 1024);
  });
});

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

  it('keeps the temporary password out of every link', () => {
    const email = render({
      trigger: 'AdminCreateUser',
      data: { code: 'S3cret!pw', username: 'ana', userAttributes: { email: 'ana@example.com' } },
    });
    const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.some((h) => h?.includes('S3cret'))).toBe(false);
    expect(hrefs).toContain('https://app.mailroom.example/sign-in?username&#x3D;ana');
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

describe('links', () => {
  it('URL-encodes the code and the username into the verify link', () => {
    const email = render({
      trigger: 'SignUp',
      brand: 'default',
      data: { code: '12 34&x=1', username: 'ana+test@example.com', userAttributes: {} },
    });
    expect(email.text).toContain(
      'https://app.mailroom.example/verify?username=ana%2Btest%40example.com&code=12+34%26x%3D1',
    );
  });

  it('builds links from APP_URL when given, else from the brand', () => {
    const fromEnv = render({
      trigger: 'ForgotPassword',
      data: { ...ana, code: '1', appUrl: 'https://id.example.org/base/' },
    });
    expect(fromEnv.text).toContain('https://id.example.org/base/reset-password?username=ana&code=1');
    const fromBrand = render({ trigger: 'ForgotPassword', brand: 'acme', data: { ...ana, code: '1' } });
    expect(fromBrand.text).toContain('https://my.acme.example/reset-password?username=ana&code=1');
  });

  it('allows http only for localhost previews', () => {
    const local = render({ trigger: 'SignUp', data: { ...ana, code: '1', appUrl: 'http://localhost:5173' } });
    expect(local.text).toContain('http://localhost:5173/verify?username=ana&code=1');
    const err = errorOf(() =>
      render({ trigger: 'SignUp', data: { ...ana, code: '1', appUrl: 'http://evil.example' } }),
    );
    expect(err.code).toBe('INVALID_LINK');
  });

  it("uses Cognito's one-click links for account take-over and ignores non-https ones", () => {
    const attrs = {
      email: 'ana@example.com',
      ONE_CLICK_LINK_VALID: 'https://auth.example.com/fb?t=valid',
      ONE_CLICK_LINK_INVALID: 'javascript:alert(1)',
      LOGIN_TIME: 'Sat Nov 21 21:14:05 UTC 2026',
      CITY: 'Lisbon',
      COUNTRY: 'Portugal',
      DEVICE_NAME: 'Firefox',
      IP_ADDRESS: '203.0.113.9',
    };
    const email = render({
      trigger: 'AccountTakeOverNotification',
      data: { code: null, username: 'ana', userAttributes: attrs },
    });
    expect(email.html).toContain('href="https://auth.example.com/fb?t&#x3D;valid"');
    expect(email.html).not.toContain('javascript:');
    expect(email.text).toContain('No, secure my account: https://app.mailroom.example/account/security');
    for (const detail of ['Sat Nov 21 21:14:05 UTC 2026', 'Lisbon, Portugal', 'Firefox', '203.0.113.9']) {
      expect(email.text).toContain(detail);
    }
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

describe('locale negotiation', () => {
  it('prefers userAttributes.locale, then clientMetadata.locale, then the brand default, then DEFAULT_LOCALE', () => {
    expect(
      resolveLocale({ userAttributes: { locale: 'de' }, clientMetadata: { locale: 'pt' }, brand: 'acme' }),
    ).toBe('de');
    expect(resolveLocale({ userAttributes: {}, clientMetadata: { locale: 'pt' }, brand: 'acme' })).toBe('pt');
    expect(resolveLocale({ userAttributes: {}, clientMetadata: null, brand: 'acme' })).toBe('de');
    expect(
      resolveLocale({ userAttributes: {}, clientMetadata: null, brand: 'default', defaultLocale: 'ar' }),
    ).toBe('en');
    expect(
      resolveLocale({ userAttributes: {}, clientMetadata: null, brand: null, defaultLocale: 'ar' }),
    ).toBe('ar');
  });

  it('falls back from a region to its language (pt-BR → pt, de_AT → de)', () => {
    expect(resolveLocale({ userAttributes: { locale: 'pt-BR' } })).toBe('pt');
    expect(resolveLocale({ userAttributes: { locale: 'de_AT' } })).toBe('de');
    const email = render({ trigger: 'ForgotPassword', locale: 'pt-BR', data: { ...ana, code: '1' } });
    expect(email.locale).toBe('pt');
    expect(email.subject).toBe('Redefina sua senha Mailroom');
  });

  it('skips a locale it has no catalog for and tries the next source', () => {
    expect(resolveLocale({ userAttributes: { locale: 'fr-CA' }, clientMetadata: { locale: 'ar' } })).toBe(
      'ar',
    );
  });

  it('throws LOCALE_NOT_FOUND for an explicit unknown locale and an unknown DEFAULT_LOCALE', () => {
    expect(errorOf(() => render({ trigger: 'SignUp', locale: 'fr', data: { ...ana, code: '1' } })).code).toBe(
      'LOCALE_NOT_FOUND',
    );
    expect(errorOf(() => resolveLocale({ userAttributes: {}, defaultLocale: 'xx' })).code).toBe(
      'LOCALE_NOT_FOUND',
    );
  });

  it('localizes the subject and the text part', () => {
    const de = render({ trigger: 'Authentication', locale: 'de', data: { ...ana, code: '778899' } });
    expect(de.subject).toBe('Ihr Anmeldecode für Mailroom');
    expect(de.text).toContain('Dieser Code läuft in 3 Minuten ab');
    const ar = render({ trigger: 'Authentication', locale: 'ar', data: { ...ana, code: '778899' } });
    expect(ar.subject).toBe('رمز تسجيل الدخول إلى Mailroom');
    expect(ar.html).toContain('<html lang="ar" dir="rtl"');
  });
});

describe('brands', () => {
  it('picks the brand from the client id, then clientMetadata.brand, then the default', () => {
    expect(resolveBrand({ clientId: '3n4c8kq1acmeweb0000example', clientMetadata: null })).toBe('acme');
    expect(resolveBrand({ clientId: CLIENT_ID_NOT_APPLICABLE, clientMetadata: { brand: 'acme' } })).toBe(
      'acme',
    );
    expect(resolveBrand({ clientId: CLIENT_ID_NOT_APPLICABLE, clientMetadata: null })).toBe('default');
    expect(resolveBrand({ clientId: 'unknown-client', clientMetadata: { brand: 'no-such-brand' } })).toBe(
      'default',
    );
  });

  it("routes a trigger through the brand's template overrides", () => {
    expect(resolveTemplateId('CustomEmailSender_SignUp', 'acme')).toBe('welcome-rich');
    expect(resolveTemplateId('SignUp', 'default')).toBe('sign-up');
    expect(resolveTemplateId('ForgotPassword', 'acme')).toBe('forgot-password');
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

  it('throws typed errors for unknown brands, templates and triggers', () => {
    expect(errorOf(() => render({ trigger: 'SignUp', brand: 'nope', data: ana })).code).toBe(
      'BRAND_NOT_FOUND',
    );
    expect(errorOf(() => render({ templateId: 'nope', data: ana })).code).toBe('TEMPLATE_NOT_FOUND');
    expect(errorOf(() => resolveTemplateId('NotATrigger' as 'SignUp', null)).code).toBe('TEMPLATE_NOT_FOUND');
    expect(errorOf(() => render({ data: ana })).code).toBe('TEMPLATE_NOT_FOUND');
  });
});
