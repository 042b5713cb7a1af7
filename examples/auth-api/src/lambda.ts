/**
 * Lambda entry: the same app (src/app.ts, configured from the environment) behind an API Gateway HTTP API,
 * through `handle` from `hono/aws-lambda` (payload format 2.0). In AWS the function's environment holds
 * `USER_POOL_ID` and `USER_POOL_CLIENT_ID`; the region is the runtime's own `AWS_REGION`. A configuration
 * problem fails the function's init phase with every problem listed (the `ConfigError` from src/config.ts).
 *
 * `scripts/bundle.ts` bundles this file into `dist/lambda/index.mjs` (handler `index.handler`), the folder
 * the example stack in packages/infra deploys.
 */
import { handle } from 'hono/aws-lambda';
import { app } from './app.js';

/**
 * The function's handler: an API Gateway v2 event in, `{ statusCode, headers, body }` out.
 * @example const result = await handler(event, context); // { statusCode: 200, body: '{"ok":true}', … }
 */
export const handler = handle(app);
