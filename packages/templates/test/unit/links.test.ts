import { describe, expect, it } from 'vitest';
import { render } from '../../src/index.js';
import { errorOf } from '../support/renderer.js';

const ana = { username: 'ana', userAttributes: { email: 'ana@example.com', given_name: 'Ana' } };

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

  it('keeps the temporary password out of every link', () => {
    const email = render({
      trigger: 'AdminCreateUser',
      data: { code: 'S3cret!pw', username: 'ana', userAttributes: { email: 'ana@example.com' } },
    });
    const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.some((h) => h?.includes('S3cret'))).toBe(false);
    expect(hrefs).toContain('https://app.mailroom.example/sign-in?username&#x3D;ana');
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
