// @mailroom/studio public API: the studio (`pnpm dev`) for tools that run it next to other servers (the example
// app's dev:flow), and the rebuild the CLI runs before it uses the dispatcher bundle.
export { ensureDispatcherBundle } from './cli/prebuild.js';
export { DEFAULT_OUTBOX_DIR, DISPATCHER_BUNDLE } from './dev/paths.js';
export type { Studio, StudioOptions } from './dev/server.js';
export { startStudio } from './dev/server.js';
