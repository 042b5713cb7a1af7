import type { TriggerSource } from './contracts/triggers.js';

/** Threat-protection attributes Cognito sends with `CustomEmailSender_AccountTakeOverNotification`. */
export interface AccountTakeOverAttributes {
  EVENT_ID?: string;
  USER_NAME?: string;
  IP_ADDRESS?: string;
  ACCOUNT_TAKE_OVER_ACTION?: string;
  ONE_CLICK_LINK_VALID?: string;
  ONE_CLICK_LINK_INVALID?: string;
  LOGIN_TIME?: string;
  FEEDBACK_TOKEN?: string;
  CITY?: string;
  COUNTRY?: string;
  DEVICE_NAME?: string;
}

/**
 * A Cognito custom email sender event as Cognito really sends it (all 8 trigger sources).
 * `request.code` is a base64 AWS Encryption SDK message, or `null` for AccountTakeOverNotification.
 */
export interface CustomEmailSenderEvent {
  version: string;
  triggerSource: TriggerSource;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: {
    awsSdkVersion: string | null;
    clientId: string | null;
  };
  request: {
    type: string;
    code: string | null;
    userAttributes: Record<string, string>;
    clientMetadata?: Record<string, string> | null;
  };
  response: Record<string, unknown>;
}
