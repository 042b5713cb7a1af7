/**
 * The Cognito client, reached only through `import()` from the recipient lookup (AdminGetUser for takeover
 * events without an email attribute), so its code is a bundle chunk ordinary cold starts never parse (why a
 * separate module: aws-sdk.ts).
 */
import type * as Cognito from '@aws-sdk/client-cognito-identity-provider';
import { sourcesRequire } from './aws-sdk.js';

/**
 * Loads `@aws-sdk/client-cognito-identity-provider` (bundled in dist/, from node_modules unbundled).
 * @example const { AdminGetUserCommand } = (await import('./aws-sdk-cognito.js')).requireCognito();
 */
export function requireCognito(): typeof Cognito {
  return (
    sourcesRequire
      ? sourcesRequire('@aws-sdk/client-cognito-identity-provider')
      : require('@aws-sdk/client-cognito-identity-provider')
  ) as typeof Cognito;
}
