/**
 * The bundle entry (`dist/index.js`, Lambda handler `index.handler`). Top-level await runs the cold-start
 * work during Lambda's init phase, so invalid configuration fails the deployment's first init with one
 * message listing every problem, instead of surfacing on the first email.
 */
import { AWS_SDK_VERSION } from './aws-sdk.js';
import { handler } from './index.js';
import { createLogger, type LogLevel } from './logger.js';

await handler.init();

// Once per cold start: the AWS SDK is bundled, so this names the version the tests ran, whatever the
// runtime ships (LOG_LEVEL is valid here: init checked it).
createLogger({ level: (process.env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel })
  .child({ component: 'lambda' })
  .info({ event: 'cold_start', awsSdk: AWS_SDK_VERSION, node: process.version }, 'cold start');

export { createHandler } from './handler.js';
export { handler };
