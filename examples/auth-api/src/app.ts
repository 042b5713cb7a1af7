/**
 * The app configured from the environment: what the node server (src/server.ts) serves and what the Lambda
 * entry (src/lambda.ts, `handle(app)` from `hono/aws-lambda`) wraps. Configuration errors throw at import, listing
 * every problem, so a misconfigured deployment fails at start rather than on the first request.
 */
import { loadConfig } from './config.js';
import { createApp } from './create-app.js';

export const app = createApp({ config: loadConfig(process.env) });
