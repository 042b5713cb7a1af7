import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each suite starts cognito-local, the dispatcher's Lambda runtime and the Encryption SDK on a shared
    // 2-core machine: generous, never relied upon.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
