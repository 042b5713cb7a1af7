import { describe, expect, it } from 'vitest';
import { functionNameOf } from '../../../src/bridge/invoke-api.js';
import { normaliseCognitoLocalEvent } from '../../../src/bridge/normalise.js';

function cognitoLocal(triggerSource: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '0',
    region: 'local',
    userPoolId: 'local_Ab12Cd34',
    triggerSource,
    userName: 'u-1',
    callerContext: { awsSdkVersion: '2.1692.0', clientId: 'client-1' },
    request: {
      type: 'customEmailSenderRequestV1',
      code: 'x',
      userAttributes: { sub: 'u-1', email: 'a@b.co' },
    },
    response: {},
    ...extra,
  };
}

describe('normaliseCognitoLocalEvent', () => {
  it('makes a SignUp event look as Cognito sends it and lists each field it changed', () => {
    const { event, changes } = normaliseCognitoLocalEvent(
      cognitoLocal('CustomEmailSender_SignUp'),
      'eu-west-1',
    );

    expect(event).toMatchObject({
      version: '1',
      region: 'eu-west-1',
      userPoolId: 'local_Ab12Cd34',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client-1' },
      request: {
        clientMetadata: null,
        userAttributes: { 'cognito:user_status': 'UNCONFIRMED', email_verified: 'false', email: 'a@b.co' },
      },
    });
    expect(changes.map((c) => c.field)).toEqual([
      'version',
      'region',
      'callerContext.awsSdkVersion',
      'request.clientMetadata',
      'request.userAttributes.cognito:user_status',
      'request.userAttributes.email_verified',
    ]);
  });

  it('drops clientMetadata where Cognito sends none (AdminCreateUser) and keeps the admin client id', () => {
    const raw = cognitoLocal('CustomEmailSender_AdminCreateUser', {
      callerContext: { awsSdkVersion: '2.1692.0', clientId: 'CLIENT_ID_NOT_APPLICABLE' },
    });
    (raw.request as Record<string, unknown>).clientMetadata = { origin: 'console' };

    const { event } = normaliseCognitoLocalEvent(raw, 'eu-west-1');

    const request = (event as { request: Record<string, unknown> }).request;
    expect(request).not.toHaveProperty('clientMetadata');
    expect(request.userAttributes).toMatchObject({ 'cognito:user_status': 'FORCE_CHANGE_PASSWORD' });
    expect(request.userAttributes).not.toHaveProperty('email_verified');
    expect((event as { callerContext: unknown }).callerContext).toMatchObject({
      clientId: 'CLIENT_ID_NOT_APPLICABLE',
    });
  });

  it('marks the address verified for ForgotPassword, since Cognito sends reset codes only to verified ones', () => {
    const { event } = normaliseCognitoLocalEvent(
      cognitoLocal('CustomEmailSender_ForgotPassword'),
      'eu-west-1',
    );

    expect((event as { request: { userAttributes: unknown } }).request.userAttributes).toMatchObject({
      'cognito:user_status': 'CONFIRMED',
      email_verified: 'true',
    });
  });

  it('keeps values cognito-local already sends and leaves the original object untouched', () => {
    const raw = cognitoLocal('CustomEmailSender_ResendCode');
    (raw.request as { userAttributes: Record<string, string> }).userAttributes.email_verified = 'true';

    const { event } = normaliseCognitoLocalEvent(raw, 'eu-west-1');

    expect((event as { request: { userAttributes: unknown } }).request.userAttributes).toMatchObject({
      email_verified: 'true',
    });
    expect(raw.version).toBe('0');
  });

  it('passes anything that is not an event object through unchanged, for the dispatcher to refuse', () => {
    expect(normaliseCognitoLocalEvent(null, 'eu-west-1')).toEqual({ event: null, changes: [] });
    expect(normaliseCognitoLocalEvent([1], 'eu-west-1').event).toEqual([1]);
  });
});

describe('functionNameOf', () => {
  it('reads the function name out of a name, a qualified name, a full ARN and a partial ARN', () => {
    expect(functionNameOf('mailroom')).toBe('mailroom');
    expect(functionNameOf('mailroom:$LATEST')).toBe('mailroom');
    expect(functionNameOf('arn:aws:lambda:us-east-1:123456789012:function:mailroom:prod')).toBe('mailroom');
    expect(functionNameOf('123456789012:function:mailroom')).toBe('mailroom');
  });
});
