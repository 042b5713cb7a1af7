import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CheckOptions } from './options.js';

/** What `check` and `build` take on the command line. */
export interface CliOptions extends CheckOptions {
  /** `build` only: where registry.js goes (default `<root>/dist`). */
  outDir?: string;
}

/**
 * Parses `[--root <dir>] [--out-dir <dir>] [--allow-missing-triggers]` (paths relative to the working
 * directory), shared by `check` and `build`, so both can run on a copy of the package (tests, a branch).
 * @example cliOptions(['--root', 'tmp/copy', '--allow-missing-triggers']) // { root: '/…/tmp/copy', requireAllTriggers: false }
 */
export function cliOptions(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      root: { type: 'string' },
      'out-dir': { type: 'string' },
      'allow-missing-triggers': { type: 'boolean' },
    },
  });
  return {
    ...(values.root ? { root: resolve(values.root) } : {}),
    ...(values['out-dir'] ? { outDir: resolve(values['out-dir']) } : {}),
    ...(values['allow-missing-triggers'] ? { requireAllTriggers: false } : {}),
  };
}
