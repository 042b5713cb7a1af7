// @mailroom/studio public API: the studio (`pnpm dev`) for tools that run it next to other servers (the example
// app's dev:flow), and the rebuild the CLI runs before it uses the dispatcher bundle.
export { ensureDispatcherBundle } from './cli/prebuild.js';
export { DEFAULT_OUTBOX_DIR, DISPATCHER_BUNDLE } from './paths.js';
export type { Studio, StudioOptions } from './server/start-studio.js';
export { startStudio } from './server/start-studio.js';
