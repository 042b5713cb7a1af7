import { issuesFor } from '../build-issues.js';
import type { CheckRule } from '../rule.js';

/**
 * Typed MJML attributes hold valid values: colours (`#rrggbb`, names, `rgb()`), units (`px`, `%`).
 * @example attributeValueRule.check(ctx) // [{ line: 12, message: 'MJML: Attribute color has invalid value: #12 for type Color' }]
 */
export const attributeValueRule: CheckRule = {
  id: 'attribute-value',
  description: 'colours and units in MJML attributes are valid',
  fix: 'use a colour like #4f46e5 or a [[brand.colors.*]] token, and px (or the units MJML names) for sizes',
  check: (ctx) => issuesFor(ctx, 'attribute-value'),
};
