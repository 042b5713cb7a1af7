/**
 * The Cognito event a send dispatches: made by the testkit's factory (real Encryption SDK ciphertext under the
 * KMS stand-in's key), with the brand selected the way Cognito events allow it.
 */
import type { TriggerInfo } from '@mailroom/shared-types';
import { type MadeEvent, makeEvent } from '@mailroom/testkit';
import { StudioError } from '../errors.js';
import type { StudioBrand } from '../types.js';
import type { DispatchRequest } from './request.js';

/** Triggers whose events carry `clientMetadata` (Cognito sends it only for these). */
const METADATA_TRIGGERS = new Set(['SignUp', 'ForgotPassword', 'Authentication']);

/** Where the factory's KMS is. */
export interface EventKms {
  url: string;
  keyArn: string;
  region: string;
}

function unselectableBrand(trigger: string, brand: string): StudioError {
  return new StudioError(
    trigger === 'AdminCreateUser'
      ? `brand "${brand}" cannot be selected for AdminCreateUser: Cognito sends it with clientId ` +
          'CLIENT_ID_NOT_APPLICABLE and no clientMetadata, so the dispatcher uses the default brand; drop --brand'
      : `brand "${brand}" cannot be selected for ${trigger}: Cognito sends no clientMetadata with ` +
          `it and brands/${brand}.json lists no clientIds; add an app client id to that brand`,
  );
}

/**
 * How the event selects the brand: the app client id, else `clientMetadata.brand` on the three triggers that
 * carry clientMetadata. AdminCreateUser always carries CLIENT_ID_NOT_APPLICABLE.
 * @example brandSelection(signUp, { brand: 'acme', … }, acme) // { clientId: 'acme-client', clientMetadata: null }
 */
export function brandSelection(
  trigger: TriggerInfo,
  request: DispatchRequest,
  brand: StudioBrand | undefined,
): { clientId: string | undefined; clientMetadata: Record<string, string> | null } {
  const carriesMetadata = METADATA_TRIGGERS.has(trigger.name);
  const clientId = trigger.name === 'AdminCreateUser' ? undefined : brand?.clientIds[0];
  let clientMetadata: Record<string, string> | null = request.clientMetadata ?? null;
  if (request.brand && !clientId && carriesMetadata) {
    clientMetadata = { ...clientMetadata, brand: request.brand };
  } else if (request.brand && !clientId && !brand?.default) {
    throw unselectableBrand(trigger.name, request.brand);
  }
  return { clientId, clientMetadata: carriesMetadata ? clientMetadata : null };
}

/**
 * Builds the event for one send.
 * @example const { event } = await eventFor(trigger, { trigger: 'SignUp', email: 'jane@example.com' }, undefined, kms);
 */
export function eventFor(
  trigger: TriggerInfo,
  request: DispatchRequest,
  brand: StudioBrand | undefined,
  kms: EventKms,
): Promise<MadeEvent> {
  const userAttributes: Record<string, string> = {
    email_verified: 'true',
    ...request.userAttributes,
    email: request.email,
  };
  if (request.locale) userAttributes.locale = request.locale;
  const { clientId, clientMetadata } = brandSelection(trigger, request, brand);
  const secret = request.code;
  return makeEvent(trigger.name, {
    kms,
    email: request.email,
    userAttributes,
    clientMetadata,
    ...(request.userName ? { userName: request.userName } : {}),
    ...(clientId ? { clientId } : {}),
    ...(secret && trigger.codeKind === 'temporaryPassword' ? { temporaryPassword: secret } : {}),
    ...(secret && trigger.codeKind === 'code' ? { code: secret } : {}),
  });
}
