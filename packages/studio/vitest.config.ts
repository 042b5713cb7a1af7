import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real SDKs (Encryption SDK signing, KMS retries) and a browser on a shared 2-core machine: generous, never
    // relied upon (the send test waits up to 150 s for its toast inside one test).
    testTimeout: 180_000,
    hookTimeout: 90_000,
  },
});
