/**
 * Where the dispatcher's bundle lives, resolved from this file rather than `process.cwd()`: tests and local
 * tools run from anywhere.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `packages/testkit`. */
export const TESTKIT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The monorepo root (holds `pnpm-workspace.yaml`). */
export const REPO_ROOT = resolve(TESTKIT_DIR, '..', '..');
/** `packages/dispatcher`. */
export const DISPATCHER_PACKAGE_DIR = join(REPO_ROOT, 'packages', 'dispatcher');
/**
 * The deployable dispatcher bundle: what the cognito-local bridge, `mailroom invoke` and the studio's "Send
 * test" run.
 * @example await import(pathToFileURL(DISPATCHER_BUNDLE).href)
 */
export const DISPATCHER_BUNDLE = join(DISPATCHER_PACKAGE_DIR, 'dist', 'index.js');
