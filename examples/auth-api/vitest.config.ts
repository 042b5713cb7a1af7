import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each suite starts cognito-local, the dispatcher's Lambda runtime and the Encryption SDK on a shared
    // 2-core machine: generous, never relied upon.
    // Generous: under the full `pnpm test` on two cores, starting cognito-local alone took 17 s (see
    // local/cognito-local.ts); the bounds catch hangs, not slowness.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
