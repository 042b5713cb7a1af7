/**
 * Where things live, resolved from this file rather than `process.cwd()`: `pnpm mailroom …` runs from the
 * repo root, `pnpm dev` from the package, and tests from anywhere.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The dispatcher's package and bundle (what `invoke` and "Send test" run): one definition, in the testkit.
export { DISPATCHER_BUNDLE, DISPATCHER_PACKAGE_DIR } from '@mailroom/testkit';

/** `packages/studio`. */
export const STUDIO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The monorepo root (holds `pnpm-workspace.yaml`). */
export const REPO_ROOT = resolve(STUDIO_DIR, '..', '..');
/** `packages/templates`. */
export const TEMPLATES_PACKAGE_DIR = join(REPO_ROOT, 'packages', 'templates');
/** The built template registry the run-time `render()` loads. */
export const TEMPLATE_REGISTRY = join(TEMPLATES_PACKAGE_DIR, 'dist', 'registry.js');
/** Static files of the studio UI. */
export const UI_DIR = join(STUDIO_DIR, 'src', 'ui');
/** Default outbox, at the repo root so the CLI and the studio share it whatever the cwd. */
export const DEFAULT_OUTBOX_DIR = join(REPO_ROOT, '.mailroom', 'outbox');

/** The folders of a template source tree the studio watches (relative to the templates source root). */
export const WATCHED_FOLDERS = ['templates', 'layouts', 'partials', 'locales', 'brands'] as const;

/**
 * The default template source root: the folder that holds `templates/`, `layouts/`, … inside
 * `packages/templates` (the package root, or `src/` if the registry keeps its sources there).
 * @example defaultTemplatesDir() // '/repo/packages/templates'
 */
export function defaultTemplatesDir(): string {
  for (const candidate of [TEMPLATES_PACKAGE_DIR, join(TEMPLATES_PACKAGE_DIR, 'src')]) {
    if (existsSync(join(candidate, 'templates'))) return candidate;
  }
  return TEMPLATES_PACKAGE_DIR;
}
