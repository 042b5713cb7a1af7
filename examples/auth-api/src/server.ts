/**
 * Local entry: serves the app with `@hono/node-server` on `PORT` (default 8787).
 * Run: `USER_POOL_ID=… USER_POOL_CLIENT_ID=… [COGNITO_ENDPOINT=http://127.0.0.1:9229] tsx src/server.ts`.
 */
import { serve } from '@hono/node-server';
import { ConfigError } from './errors.js';

try {
  const { app } = await import('./app.js');
  const port = Number(process.env.PORT ?? 8787);
  serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
    process.stdout.write(`auth-api listening on http://${info.address}:${info.port}\n`);
  });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`auth-api: ${error.message}\n  fix: ${error.fix}\n`);
  process.exit(1);
}
