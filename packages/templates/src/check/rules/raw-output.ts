import { parseHandlebars, walkHandlebars } from '../hbs-ast.js';
import type { CheckRule, RuleFinding } from '../rule.js';
import type { SourceFile } from '../source-files.js';

function rawOutputs(source: SourceFile): RuleFinding[] {
  const ast = parseHandlebars(source.text);
  if (!ast) return [];
  const out: RuleFinding[] = [];
  walkHandlebars(ast, (node) => {
    if (node.type !== 'MustacheStatement' || (node as hbs.AST.MustacheStatement).escaped) return;
    const m = node as hbs.AST.MustacheStatement;
    const name = m.path.type === 'PathExpression' ? (m.path as hbs.AST.PathExpression).original : '…';
    out.push({
      severity: 'error',
      file: source.file,
      line: m.loc.start.line,
      message: `raw output of "${name}" ({{{…}}} or {{&…}}) skips HTML escaping: user data could inject markup`,
    });
  });
  return out;
}

/**
 * No template source writes raw (unescaped) output: `{{{…}}}` and `{{&…}}` are refused everywhere, in
 * email.mjml, layouts, partials, subject.hbs and text.hbs alike.
 * @example rawOutputRule.check(ctx) // [{ file: '…/email.mjml', line: 12, message: 'raw output of "username" …' }]
 */
export const rawOutputRule: CheckRule = {
  id: 'raw-output',
  description: 'no raw {{{…}}} or {{&…}} output',
  fix: 'use {{…}} (escaped); markup that must be injected needs a named, reviewed helper registered in the renderer',
  check: (ctx) => ctx.sources.flatMap(rawOutputs),
};
