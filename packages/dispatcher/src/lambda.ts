/**
 * The bundle entry (`dist/index.js`, Lambda handler `index.handler`). Top-level await runs the cold-start
 * work during Lambda's init phase, so invalid configuration fails the deployment's first init with one
 * message listing every problem, instead of surfacing on the first email.
 */
import { handler } from './index.js';

await handler.init();

export { createHandler } from './handler.js';
export { handler };
