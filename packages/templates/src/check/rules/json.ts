import { issuesFor } from '../build-issues.js';
import type { CheckRule } from '../rule.js';

/**
 * Every brand, locale and preview JSON file parses and has its required fields, reported with the JSON
 * path and its line (`$.colors.primary must be a hex colour …`).
 * @example jsonRule.check(ctx) // [{ file: '…/brands/acme.json', line: 5, message: '$.colors.primary must be a hex colour like "#4f46e5"' }]
 */
export const jsonRule: CheckRule = {
  id: 'json',
  description: 'brand, locale and preview.json files parse and have their required fields',
  fix: 'fix the field at the JSON path shown (the README’s “Add a brand/locale/template” sections list every field)',
  check: (ctx) => issuesFor(ctx, 'json'),
};
