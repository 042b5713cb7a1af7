/**
 * The SES client, required only from the SES provider (its own bundle chunk), so a cold start without `ses`
 * in the chain never parses it (why a separate module: aws-sdk.ts).
 */
import type * as SesV2 from '@aws-sdk/client-sesv2';
import { sourcesRequire } from './aws-sdk.js';

/**
 * Loads `@aws-sdk/client-sesv2` (bundled in dist/, from node_modules unbundled).
 * @example const { SESv2Client } = requireSesV2();
 */
export function requireSesV2(): typeof SesV2 {
  return (
    sourcesRequire ? sourcesRequire('@aws-sdk/client-sesv2') : require('@aws-sdk/client-sesv2')
  ) as typeof SesV2;
}
