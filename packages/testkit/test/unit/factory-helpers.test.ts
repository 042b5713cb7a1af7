import { TRIGGERS } from '@mailroom/shared-types';
import { describe, expect, it } from 'vitest';
import { fixtureName } from '../../src/factory/fixtures.js';
import { escapeLikeCognito } from '../../src/factory/make-event.js';

describe('escapeLikeCognito', () => {
  it('escapes the five HTML-special characters and nothing else', () => {
    expect(escapeLikeCognito(`a&b<c>d"e'f!#$%`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f!#$%');
  });

  it('escapes an ampersand once, so an already escaped-looking password survives a round trip', () => {
    expect(escapeLikeCognito('&lt;')).toBe('&amp;lt;');
  });
});

describe('fixtureName', () => {
  it('maps every trigger to a distinct kebab-case file name', () => {
    const names = TRIGGERS.map((t) => fixtureName(t.source));

    expect(names).toEqual([
      'sign-up',
      'resend-code',
      'forgot-password',
      'update-user-attribute',
      'verify-user-attribute',
      'admin-create-user',
      'account-take-over-notification',
      'authentication',
    ]);
  });

  it('names the unknown trigger it refuses', () => {
    expect(() => fixtureName('SignOut' as never)).toThrow('unknown trigger "SignOut"');
  });
});
