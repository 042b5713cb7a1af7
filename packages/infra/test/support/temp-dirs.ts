/**
 * Temporary directories the tests make (cloud assemblies, CLI homes, Lambda sandboxes), removed after each
 * test file by test/support/cleanup.ts. A bare `new App()` makes a `cdk.out*` directory in the temp dir that
 * nothing removes: every App in these tests gets its outdir from here instead ({@link testApp}).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type AppProps } from 'aws-cdk-lib';

const created: string[] = [];

/**
 * A new directory in the temp dir, removed when the test file ends.
 * @example const out = tempDir('mailroom-cdk-out-');
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/**
 * A CDK App whose cloud assembly goes to a tracked temporary directory.
 * @example const stack = new MailroomStack(testApp(), 'Mailroom', props);
 */
export function testApp(props: AppProps = {}): App {
  return new App({ outdir: tempDir('mailroom-cdk-out-'), ...props });
}

/**
 * Removes every directory made so far (test/support/cleanup.ts calls it after each test file).
 * @example afterAll(removeTempDirs);
 */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
