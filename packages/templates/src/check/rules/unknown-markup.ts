import { issuesFor } from '../build-issues.js';
import type { CheckRule } from '../rule.js';

/**
 * No unknown MJML element, attribute or build-time token (strict MJML validation, token table).
 * @example unknownMarkupRule.check(ctx) // [{ line: 13, message: 'MJML: Attribute colour is illegal' }]
 */
export const unknownMarkupRule: CheckRule = {
  id: 'unknown-markup',
  description: 'every MJML tag, attribute and [[token]] exists',
  fix: 'check the spelling against the MJML docs (https://documentation.mjml.io) or the README token list',
  check: (ctx) => issuesFor(ctx, 'unknown-markup'),
};
