/**
 * The bundle entry (`dist/index.js`, Lambda handler `index.handler`). Top-level await runs the cold-start
 * work during Lambda's init phase, so invalid configuration fails the deployment's first init with one
 * message listing every problem, instead of surfacing on the first email.
 *
 * The waits that do not depend on our code start first (warmup.ts: the Secrets Manager read, TLS connections
 * to KMS, the first provider and, with IDEMPOTENCY_TABLE, DynamoDB), then the rest of the bundle loads
 * (`import()` of `main.ts`, its own chunk `chunks/main-<hash>.js`), so TCP's round trips run while
 * modules load instead of after.
 */
import type { LogLevel } from './logger.js';
import { startWarmup } from './warmup.js';

const warmup = startWarmup(process.env);
// In this order, each ending with a turn of the event loop (warmup.ts: a module graph loads without one):
// connects issued, the AWS SDK chunks loaded and the secret read under way, then the main chunk.
await warmup.issued;
await warmup.secretsRequested;
const { AWS_SDK_VERSION, createHandler, createLogger, handler } = await import('./main.js');

await handler.init();

// Once per cold start: the AWS SDK is bundled, so this names the version the tests ran, whatever the
// runtime ships (LOG_LEVEL is valid here: init checked it).
createLogger({ level: (process.env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel })
  .child({ component: 'lambda' })
  .info({ event: 'cold_start', awsSdk: AWS_SDK_VERSION, node: process.version }, 'cold start');

export { createHandler, handler };
