/**
 * Loads the AWS SDK clients the dispatcher uses. They are bundled (scripts/bundle-options.ts), so production
 * runs the SDK version the tests ran, not whichever one the Lambda runtime ships that month.
 *
 * Always a literal `require()` per package, never an ESM `import` or `import()`: esbuild bundles a literal
 * `require('@aws-sdk/…')` as a CommonJS section evaluated on first call, so each client is evaluated only on
 * the path that needs it, and (when it was external) Node did not lex the CommonJS package for named exports
 * at every cold start (bench/README.md change 1). Unbundled (tests, tsx) an ES module has no `require`:
 * `createRequire` loads the same packages.
 */
import { createRequire } from 'node:module';

/**
 * The SDK packages every cold start needs (KMS for the decrypt, Secrets Manager for the provider keys). SES
 * (`aws-sdk-sesv2.ts`, required from the SES provider's chunk) and Cognito (`aws-sdk-cognito.ts`, behind an
 * `import()` on the lookup path) have their own modules, so their code lands in chunks a SendGrid cold start
 * never parses: one table of literal requires would put all four in the chunk every cold start loads.
 */
export type AwsSdkPackage = '@aws-sdk/client-kms' | '@aws-sdk/client-secrets-manager';

/**
 * `undefined` in the bundle (the banner defines `require`); `createRequire` when running from sources,
 * where an ES module has no `require`.
 */
export const sourcesRequire: NodeJS.Require | undefined =
  typeof require === 'function' ? undefined : createRequire(import.meta.url);

/** Literal requires, so the bundler sees (and bundles) each package. */
const LOADERS: Record<AwsSdkPackage, () => unknown> = {
  '@aws-sdk/client-kms': () =>
    sourcesRequire ? sourcesRequire('@aws-sdk/client-kms') : require('@aws-sdk/client-kms'),
  '@aws-sdk/client-secrets-manager': () =>
    sourcesRequire
      ? sourcesRequire('@aws-sdk/client-secrets-manager')
      : require('@aws-sdk/client-secrets-manager'),
};

/**
 * Loads one of the cold-start AWS SDK packages (bundled in dist/, from node_modules unbundled).
 * @example const { KMSClient } = requireAwsSdk('@aws-sdk/client-kms') as typeof import('@aws-sdk/client-kms');
 */
export function requireAwsSdk(name: AwsSdkPackage): unknown {
  return LOADERS[name]();
}

/**
 * The AWS SDK version inside this build: stamped by the bundler from the installed `@aws-sdk/client-kms`
 * (`define`), `'unbundled'` when running from sources. Logged once per cold start (`src/lambda.ts`).
 */
export const AWS_SDK_VERSION: string =
  typeof __MAILROOM_AWS_SDK_VERSION__ === 'string' ? __MAILROOM_AWS_SDK_VERSION__ : 'unbundled';

declare const __MAILROOM_AWS_SDK_VERSION__: string | undefined;
