import type { CustomEmailSenderEvent } from '@mailroom/shared-types';
import { describe, expect, it } from 'vitest';
import { capEventText } from '../../src/input-caps.js';

const event: CustomEmailSenderEvent = {
  version: '1',
  triggerSource: 'CustomEmailSender_SignUp',
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_Abc',
  userName: 'ana',
  callerContext: { awsSdkVersion: null, clientId: 'client' },
  request: {
    type: 'customEmailSenderRequestV1',
    code: 'AYADeCiphertext',
    userAttributes: { email: 'ana@example.com', given_name: 'Ana' },
    clientMetadata: { brand: 'acme' },
  },
  response: {},
};

describe('capEventText', () => {
  it("cuts 100k-character user text to Cognito's 2,048 and leaves the rest alone", () => {
    const long = 'x'.repeat(100_000);
    const hostile: CustomEmailSenderEvent = {
      ...event,
      userName: long,
      request: {
        ...event.request,
        userAttributes: { ...event.request.userAttributes, 'custom:bio': long },
        clientMetadata: { note: long },
      },
    };

    const capped = capEventText(hostile);

    expect(capped.userName).toHaveLength(2_048);
    expect(capped.request.userAttributes['custom:bio']).toHaveLength(2_048);
    expect(capped.request.clientMetadata?.note).toHaveLength(2_048);
    expect(capped.request.userAttributes.email).toBe('ana@example.com');
    expect(capped.request.code).toBe('AYADeCiphertext');
  });

  it('returns the same attribute objects when nothing needed cutting', () => {
    const capped = capEventText(event);

    expect(capped).toEqual(event);
    expect(capped.request.userAttributes).toBe(event.request.userAttributes);
  });
});
