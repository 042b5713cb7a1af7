import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real SDKs (Encryption SDK signing, KMS retries) on a shared 2-core machine: generous, never relied upon.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
