/**
 * `pnpm --filter @mailroom/studio screenshots`: runs the browser tests that take the README's screenshots with
 * `MAILROOM_SCREENSHOTS=docs`, so they land in docs/screenshots/ (committed) instead of test-results/.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/e2e/studio-ui.test.ts', 'test/e2e/studio-matrix.test.ts'],
    env: { MAILROOM_SCREENSHOTS: 'docs' },
  },
});
