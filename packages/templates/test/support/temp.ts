import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURE_ROOT = join(PACKAGE_DIR, 'test', 'fixtures', 'root');

/**
 * A scratch directory inside the package's node_modules: a registry written there resolves
 * `handlebars/runtime.js` exactly like dist/ does (an OS temp dir would not find it).
 */
export function tempDir(prefix: string): { path: string; cleanup(): void } {
  const base = join(PACKAGE_DIR, 'node_modules', '.cache', 'mailroom-templates-test');
  mkdirSync(base, { recursive: true });
  const path = mkdtempSync(join(base, `${prefix}-`));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Copies the fixture package root so a test can break it without touching the fixture. */
export function copyFixtureRoot(prefix: string): { path: string; cleanup(): void } {
  const dir = tempDir(prefix);
  cpSync(FIXTURE_ROOT, dir.path, { recursive: true });
  return dir;
}
