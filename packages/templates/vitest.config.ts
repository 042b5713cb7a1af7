import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The check builds every template with MJML (seconds on a shared 2-core machine).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
