/**
 * Loads an external `@aws-sdk/*` package (the Lambda runtime ships them; the bundle leaves them out). Always
 * `require()`, never an ESM `import` or `import()`: these packages are CommonJS, and an ESM import makes Node
 * run module-format detection and cjs-module-lexer over the whole package to find its named exports (≈ 40 ms
 * CPU for `@aws-sdk/client-kms` at every cold start, bench/README.md change 1). `createRequire` works both in
 * the bundle and unbundled (tests, tsx), where ESM has no `require`.
 * @example const { KMSClient } = requireAwsSdk('@aws-sdk/client-kms') as typeof import('@aws-sdk/client-kms');
 */
import { createRequire } from 'node:module';

export const requireAwsSdk: NodeJS.Require = createRequire(import.meta.url);
