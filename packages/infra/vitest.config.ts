import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Removes each test file's temporary directories (cloud assemblies, CLI homes) when the file ends.
    setupFiles: ['test/support/cleanup.ts'],
    // Synthesizing a stack (asset staging included) takes seconds on a shared 2-core machine; the CLI
    // synth in test/e2e takes longer. Generous limits, never relied upon for correctness.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
