import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Hands `use` a path in a fresh temp folder and removes the folder when `use` settles, thrown or not, so a
 * test that records to a file (a child's module-resolution log) leaves nothing behind.
 * @example const modules = await withTempFile('mailroom-lazy-', 'resolved.log', (log) => runChild(log));
 */
export async function withTempFile<T>(
  prefix: string,
  name: string,
  use: (path: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return await use(join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
