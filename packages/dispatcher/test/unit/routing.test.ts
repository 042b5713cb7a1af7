import type { CustomEmailSenderEvent } from '@mailroom/shared-types';
import { resolveTemplateId } from '@mailroom/templates';
import { describe, expect, it } from 'vitest';
import { routeEvent } from '../../src/routing.js';

function event(overrides: Partial<CustomEmailSenderEvent['request']> = {}): CustomEmailSenderEvent {
  return {
    version: '1',
    triggerSource: 'CustomEmailSender_SignUp',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_abc',
    userName: 'ana',
    callerContext: { awsSdkVersion: null, clientId: 'CLIENT_ID_NOT_APPLICABLE' },
    request: {
      type: 'customEmailSenderRequestV1',
      code: 'AYAD',
      userAttributes: { email: 'ana@example.com' },
      clientMetadata: null,
      ...overrides,
    },
    response: {},
  };
}

describe('routeEvent', () => {
  it('routes a trigger to its template, the default brand and the default locale', () => {
    const decision = routeEvent(event(), { disabledTriggers: new Set() });

    expect(decision.action).toBe('send');
    if (decision.action !== 'send') return;
    expect(decision.route.trigger.name).toBe('SignUp');
    expect(decision.route.templateId).toBe(resolveTemplateId('SignUp', decision.route.brand));
    expect(decision.route.locale).toBe('en');
  });

  it('skips a trigger listed in DISABLED_TRIGGERS and says why', () => {
    const decision = routeEvent(event(), { disabledTriggers: new Set(['SignUp']) });

    expect(decision).toMatchObject({ action: 'skip', reason: 'trigger SignUp is in DISABLED_TRIGGERS' });
  });

  it('falls back to the default locale for a locale without a catalog', () => {
    const decision = routeEvent(event({ userAttributes: { email: 'a@b.test', locale: 'tlh' } }), {
      disabledTriggers: new Set(),
      defaultLocale: 'en',
    });

    expect(decision.action === 'send' && decision.route.locale).toBe('en');
  });
});
