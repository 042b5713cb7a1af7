import { issuesFor } from '../build-issues.js';
import type { CheckRule } from '../rule.js';

/**
 * Every `mj-include` resolves to a file with something in it, inside the package: MJML 5 drops a missing
 * or denied include silently (an `mj-include denied` comment) and the section just disappears. Found by
 * the build (src/build/well-formed.ts), which refuses it too.
 * @example includeRule.check(ctx) // [{ line: 17, message: 'mj-include "../../partials/cta.mjml": partials/cta.mjml does not exist: …' }]
 */
export const includeRule: CheckRule = {
  id: 'include',
  description: 'every mj-include resolves to a non-empty file in the package',
  fix: 'fix the path (relative to the including file, e.g. ../../partials/button.mjml) or create the partial',
  check: (ctx) => issuesFor(ctx, 'include'),
};
