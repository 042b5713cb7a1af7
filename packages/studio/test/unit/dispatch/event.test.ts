import { triggerInfo } from '@mailroom/shared-types';
import { describe, expect, it } from 'vitest';
import { brandSelection } from '../../../src/dispatch/event.js';
import type { StudioBrand } from '../../../src/types.js';

const brand = (name: string, clientIds: string[], isDefault = false): StudioBrand => ({
  name,
  displayName: name,
  default: isDefault,
  clientIds,
  templates: {},
  defaultLocale: 'en',
  primaryColor: null,
});
const trigger = (name: string) => {
  const info = triggerInfo(name);
  if (!info) throw new Error(`no trigger ${name}`);
  return info;
};

describe('brandSelection', () => {
  it('selects a brand by its app client id when it has one', () => {
    // Act
    const selection = brandSelection(
      trigger('ResendCode'),
      { trigger: 'ResendCode', email: 'a@b.test', brand: 'acme' },
      brand('acme', ['acme-client']),
    );

    // Assert
    expect(selection).toEqual({ clientId: 'acme-client', clientMetadata: null });
  });

  it('falls back to clientMetadata.brand on the three triggers that carry clientMetadata', () => {
    // Act
    const selection = brandSelection(
      trigger('SignUp'),
      { trigger: 'SignUp', email: 'a@b.test', brand: 'acme', clientMetadata: { source: 'web' } },
      brand('acme', []),
    );

    // Assert
    expect(selection).toEqual({ clientId: undefined, clientMetadata: { source: 'web', brand: 'acme' } });
  });

  it('refuses a brand AdminCreateUser cannot select, saying why and what to do', () => {
    expect(() =>
      brandSelection(
        trigger('AdminCreateUser'),
        { trigger: 'AdminCreateUser', email: 'a@b.test', brand: 'acme' },
        brand('acme', ['acme-client']),
      ),
    ).toThrow(/CLIENT_ID_NOT_APPLICABLE.*drop --brand/);
  });

  it('drops clientMetadata on triggers Cognito sends without it', () => {
    // Act
    const selection = brandSelection(
      trigger('ResendCode'),
      { trigger: 'ResendCode', email: 'a@b.test', clientMetadata: { source: 'web' } },
      undefined,
    );

    // Assert
    expect(selection.clientMetadata).toBeNull();
  });
});
