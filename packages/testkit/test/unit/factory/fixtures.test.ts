import { TRIGGERS } from '@mailroom/shared-types';
import { describe, expect, it } from 'vitest';
import { fixtureName } from '../../../src/factory/fixtures.js';

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
