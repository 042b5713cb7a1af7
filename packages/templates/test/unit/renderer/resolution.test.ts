import { CLIENT_ID_NOT_APPLICABLE } from '@mailroom/shared-types';
import { describe, expect, it } from 'vitest';
import {
  type AsSentQuery,
  getPreviewStates,
  listTemplates,
  resolveAsSent,
  resolveBrand,
  resolveLocale,
  resolveTemplateId,
} from '../../../src/index.js';
import { errorOf } from '../../support/renderer.js';

const ACME_WEB = '3n4c8kq1acmeweb0000example';

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
  });

  it('skips a locale it has no catalog for and tries the next source', () => {
    expect(resolveLocale({ userAttributes: { locale: 'fr-CA' }, clientMetadata: { locale: 'ar' } })).toBe(
      'ar',
    );
  });

  it('throws LOCALE_NOT_FOUND for an unknown DEFAULT_LOCALE', () => {
    expect(errorOf(() => resolveLocale({ userAttributes: {}, defaultLocale: 'xx' })).code).toBe(
      'LOCALE_NOT_FOUND',
    );
  });
});

describe('brands', () => {
  it('picks the brand from the client id, then clientMetadata.brand, then the default', () => {
    expect(resolveBrand({ clientId: ACME_WEB, clientMetadata: null })).toBe('acme');
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
  });

  it('throws TEMPLATE_NOT_FOUND for an unknown trigger', () => {
    expect(errorOf(() => resolveTemplateId('NotATrigger' as 'SignUp', null)).code).toBe('TEMPLATE_NOT_FOUND');
  });
});

describe('resolveAsSent', () => {
  it('resolves brand, locale and template as the dispatcher does, saying how', () => {
    const sent = resolveAsSent({
      trigger: 'CustomEmailSender_SignUp',
      clientId: ACME_WEB,
      clientMetadata: null,
      userAttributes: { locale: 'pt-BR' },
    });

    expect(sent).toEqual({
      brand: 'acme',
      locale: 'pt',
      templateId: 'welcome-rich',
      sentAsIs: true,
      how: {
        brand: 'client 3n4c… → acme',
        locale: 'pt-BR → pt (userAttributes.locale)',
        template: 'acme sends welcome-rich for SignUp',
      },
    });
  });

  it('agrees with resolveBrand, resolveLocale and resolveTemplateId on every kind of event', () => {
    const events: AsSentQuery[] = [
      { clientId: ACME_WEB, userAttributes: {}, clientMetadata: null },
      { clientId: CLIENT_ID_NOT_APPLICABLE, userAttributes: { 'custom:locale': 'ar' }, clientMetadata: null },
      {
        clientId: 'other',
        userAttributes: { locale: 'fr' },
        clientMetadata: { brand: 'acme', locale: 'en' },
      },
      { clientId: null, userAttributes: {}, clientMetadata: null, defaultLocale: 'de' },
    ];
    for (const trigger of ['SignUp', 'ForgotPassword', 'AdminCreateUser'] as const) {
      for (const event of events) {
        const brand = resolveBrand(event);
        const expected = {
          brand,
          locale: resolveLocale({ ...event, brand }),
          templateId: resolveTemplateId(trigger, brand),
        };

        expect(resolveAsSent({ trigger, ...event })).toEqual(expect.objectContaining(expected));
      }
    }
  });

  it('says when a previewed template is not what the resolved brand sends', () => {
    const sent = resolveAsSent({ templateId: 'welcome-rich', userAttributes: { locale: 'en-GB' } });

    expect(sent).toEqual(
      expect.objectContaining({ brand: 'default', locale: 'en', templateId: 'sign-up', sentAsIs: false }),
    );
    expect(sent.how.template).toBe('not sent as-is: default sends sign-up');
    expect(sent.how.brand).toBe('no client id or clientMetadata.brand → default (default brand)');
  });

  it('explains each fallback: admin operations, unknown clients and brands, missing catalogs, brand locales', () => {
    const admin = resolveAsSent({ trigger: 'AdminCreateUser', clientId: CLIENT_ID_NOT_APPLICABLE });
    const unknown = resolveAsSent({
      trigger: 'SignUp',
      clientId: 'zz9xunknownclient',
      clientMetadata: { brand: 'nope', locale: 'fr-CA' },
    });
    const acme = resolveAsSent({ trigger: 'ForgotPassword', clientMetadata: { brand: 'acme' } });

    expect(admin.how).toEqual({
      brand: 'no app client (admin operation) → default (default brand)',
      locale: 'en (brands/default.json defaultLocale)',
      template: 'admin-create-user (the AdminCreateUser default)',
    });
    expect(unknown.how.brand).toBe(
      'client zz9x… belongs to no brand, clientMetadata.brand "nope" unknown → default (default brand)',
    );
    expect(unknown.how.locale).toBe(
      'en (brands/default.json defaultLocale); no catalog for fr-CA (clientMetadata.locale)',
    );
    expect(acme.how.brand).toBe('clientMetadata.brand → acme');
    expect(acme.how.locale).toBe('de (brands/acme.json defaultLocale)');
  });

  it('never echoes user data that is not a locale tag or brand name', () => {
    const sent = resolveAsSent({
      trigger: 'SignUp',
      userAttributes: { locale: '<script>x</script>' },
      clientMetadata: { brand: 'a b <c>' },
    });

    expect(JSON.stringify(sent.how)).not.toMatch(/script|<c>/);
    expect(sent.how.locale).toBe(
      'en (brands/default.json defaultLocale); no catalog for an invalid tag (userAttributes.locale)',
    );
  });

  it('throws TEMPLATE_NOT_FOUND for neither trigger nor template, or an unknown template', () => {
    expect(errorOf(() => resolveAsSent({})).message).toBe('resolveAsSent() needs `trigger` or `templateId`');
    expect(errorOf(() => resolveAsSent({ templateId: 'nope' })).code).toBe('TEMPLATE_NOT_FOUND');
  });
});

describe('shipped preview states, as sent', () => {
  const asSent = (templateId: string, name: string) => {
    const state = getPreviewStates(templateId).find((s) => s.name === name);
    if (!state) throw new Error(`no state ${templateId}/${name}`);
    return resolveAsSent({
      templateId,
      clientId: state.callerContext?.clientId ?? null,
      clientMetadata: state.data.clientMetadata ?? null,
      userAttributes: state.data.userAttributes,
    });
  };

  it('resolves the portuguese-brazil state to pt, from its pt-BR locale attribute', () => {
    expect(asSent('forgot-password', 'portuguese-brazil')).toEqual(
      expect.objectContaining({ locale: 'pt', sentAsIs: true }),
    );
  });

  it("resolves welcome-rich's states to Acme through its web client, German by default and English by choice", () => {
    expect(asSent('welcome-rich', 'default')).toEqual(
      expect.objectContaining({ brand: 'acme', locale: 'de', sentAsIs: true }),
    );
    expect(asSent('welcome-rich', 'english')).toEqual(
      expect.objectContaining({ brand: 'acme', locale: 'en', sentAsIs: true }),
    );
  });

  it('previews every shipped state as something the dispatcher really sends', () => {
    for (const t of listTemplates()) {
      for (const state of getPreviewStates(t.id)) {
        expect(asSent(t.id, state.name).sentAsIs, `${t.id}/${state.name}`).toBe(true);
      }
    }
  });
});
