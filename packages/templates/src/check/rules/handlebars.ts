import { issuesFor } from '../build-issues.js';
import type { CheckRule } from '../rule.js';

/**
 * Every Handlebars source parses (email.mjml and its includes, subject.hbs, text.hbs), reported at the
 * line Handlebars names.
 * @example handlebarsRule.check(ctx) // [{ file: '…/subject.hbs', line: 1, message: "Handlebars: Expecting 'CLOSE' …" }]
 */
export const handlebarsRule: CheckRule = {
  id: 'handlebars',
  description: 'Handlebars syntax is valid in every source',
  fix: 'close every {{…}} and every {{#block}} with its {{/block}}; a literal brace needs no escaping',
  check: (ctx) => issuesFor(ctx, 'handlebars'),
};
