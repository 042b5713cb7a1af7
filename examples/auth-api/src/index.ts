// @mailroom/example-auth-api: the pieces, for tests and other entries (src/server.ts, src/lambda.ts).
export type { CodeDelivery, UserPool } from './cognito.js';
export { createUserPool } from './cognito.js';
export type { AuthApiConfig } from './config.js';
export { loadConfig } from './config.js';
export type { CreateAppOptions } from './create-app.js';
export { createApp } from './create-app.js';
export { ApiError, ConfigError, fromCognito } from './errors.js';
export type { AccessTokenVerifier } from './verifier.js';
export { createAccessTokenVerifier } from './verifier.js';
