import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    server: {
      deps: {
        // The studio imports the dispatcher's built bundle (dist/, ~2 MB of code-split chunks) at run time. Vitest
        // would transform it like our sources (it is outside node_modules), which made the first Send test's
        // dispatch 12–31 s instead of the ~0.3 s a user's studio pays: load it natively, as `pnpm dev` does.
        external: [/\/packages\/dispatcher\/dist\//],
      },
    },
    // A hang bound, not a speed goal: a browser on a shared 2-core machine. The studio prepares the bundle at
    // start, so a Send test's toast comes within a second on a quiet machine; a test waits at most 60 s for it
    // (a stale bundle rebuilds first) plus its 30 s page waits. It was 180 s while the first send held the
    // bundle's cold start (12–31 s under vitest's transform).
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
