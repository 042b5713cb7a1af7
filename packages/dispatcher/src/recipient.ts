/**
 * Finds the recipient: `userAttributes.email`, else `AdminGetUser` (AccountTakeOverNotification may arrive
 * without the attribute). The Cognito SDK is imported on first lookup only, and its client is reused across
 * warm invocations; `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER` is honoured by the SDK's config chain.
 */
import type * as Cognito from '@aws-sdk/client-cognito-identity-provider';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { isEmailAddress } from '@mailroom/shared-types';
import { DispatcherError } from './errors.js';

const TRANSIENT_NAMES = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'InternalErrorException',
  'TimeoutError',
  'RequestTimeout',
  'AbortError',
]);

/** Where the address came from (logged, never the address itself unless LOG_PII). */
export type RecipientSource = 'attribute' | 'admin-get-user';

export interface Recipient {
  address: string;
  source: RecipientSource;
}

export interface RecipientResolver {
  resolve(input: {
    userPoolId: string;
    userName: string;
    region: string;
    userAttributes: Record<string, string>;
  }): Promise<Recipient>;
}

function usable(value: string | undefined): value is string {
  return typeof value === 'string' && isEmailAddress(value.trim());
}

let cognito: Promise<typeof Cognito> | undefined;

/**
 * Loads the Cognito client on first lookup: `import()` of our own module keeps the bundled SDK in a chunk
 * ordinary cold starts never parse; that module `require()`s the package (why: aws-sdk.ts).
 */
function cognitoSdk(): Promise<typeof Cognito> {
  cognito ??= import('./aws-sdk-cognito.js').then((m) => m.requireCognito());
  return cognito;
}

/**
 * Creates the resolver (no SDK loaded until a lookup is needed).
 * @example
 * const recipients = createRecipientResolver();
 * const { address } = await recipients.resolve({ userPoolId, userName, region, userAttributes });
 */
export function createRecipientResolver(options: { endpoint?: string | undefined } = {}): RecipientResolver {
  const clients = new Map<string, CognitoIdentityProviderClient>();
  const clientFor = (region: string, { CognitoIdentityProviderClient: Client }: typeof Cognito) => {
    let client = clients.get(region);
    if (!client) {
      client = new Client({
        region,
        // Only for an injected environment; otherwise the SDK reads AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER.
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
      });
      clients.set(region, client);
    }
    return client;
  };

  return {
    async resolve({ userPoolId, userName, region, userAttributes }) {
      const attribute = userAttributes.email?.trim();
      if (usable(attribute)) return { address: attribute, source: 'attribute' };

      const sdk = await cognitoSdk();
      const { AdminGetUserCommand } = sdk;
      const client = clientFor(region, sdk);
      let attributes: { Name?: string; Value?: string }[] | undefined;
      try {
        const out = await client.send(
          new AdminGetUserCommand({ UserPoolId: userPoolId, Username: userName }),
        );
        attributes = out.UserAttributes;
      } catch (cause) {
        const name = (cause as { name?: string })?.name ?? 'Error';
        const status = (cause as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
        if (name === 'UserNotFoundException') {
          throw new DispatcherError(
            'NO_RECIPIENT',
            `the user no longer exists in ${userPoolId} (AdminGetUser: UserNotFoundException)`,
            {
              cause,
            },
          );
        }
        const transient =
          TRANSIENT_NAMES.has(name) || status === undefined || status >= 500 || status === 429;
        throw new DispatcherError('RECIPIENT_LOOKUP_FAILED', `AdminGetUser failed: ${name}`, {
          retryable: transient,
          fix: transient
            ? undefined
            : `allow the function role cognito-idp:AdminGetUser on ${userPoolId} (needed when an event has no email attribute)`,
          cause,
        });
      }
      const found = attributes?.find((a) => a.Name === 'email')?.Value?.trim();
      if (usable(found)) return { address: found, source: 'admin-get-user' };
      throw new DispatcherError('NO_RECIPIENT', `the user has no email attribute (event and AdminGetUser)`, {
        fix: 'the user needs an email attribute for Cognito to email them',
      });
    },
  };
}
