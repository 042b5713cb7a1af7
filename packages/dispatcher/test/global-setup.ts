/**
 * Integration tests exercise `dist/index.js`, the deployable file. Rebuild it first when it is missing or
 * older than any source (ours, shared-types, or the template registry), so tests never run a stale bundle.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  const bundle = join(root, 'dist', 'index.js');
  const sources = Math.max(
    newest(join(root, 'src')),
    newest(join(root, 'scripts')),
    newest(join(root, '..', 'shared-types', 'src')),
    newest(join(root, '..', 'templates', 'src')),
    newest(join(root, '..', 'templates', 'dist')),
  );
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'bundle.ts')], {
    cwd: root,
    stdio: 'inherit',
  });
}
