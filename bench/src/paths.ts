import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/ (this package's root). */
export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = join(BENCH_DIR, '..');
export const DISPATCHER_DIR = join(REPO_DIR, 'packages', 'dispatcher');
/** Everything the harness builds (gitignored as dist/). Under bench/ so bundles resolve bench/node_modules. */
export const OUT_DIR = join(BENCH_DIR, 'dist');
export const CONTESTANTS_DIR = join(OUT_DIR, 'contestants');
export const RUNNERS_DIR = join(OUT_DIR, 'runners');
export const PROFILES_DIR = join(OUT_DIR, 'profiles');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
