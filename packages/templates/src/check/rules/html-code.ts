import type { CheckContext } from '../context.js';
import { firstPerKey, type KeyedFinding } from '../first-per-key.js';
import { type RenderedOk, succeeded } from '../renderings.js';
import type { CheckRule } from '../rule.js';
import { codeToShow, visibleHtmlText } from '../visible-code.js';

function* hiddenCode(ctx: CheckContext, r: RenderedOk): Generator<KeyedFinding> {
  const code = codeToShow(r);
  if (!code || visibleHtmlText(r.email.html).includes(code)) return;
  const inLink = r.email.html.includes(code);
  const where = inLink ? 'shows the code only inside a link or attribute' : 'does not show the code';
  // Point at the link that carries it, else at the body the code block belongs in.
  const link = inLink ? ctx.locate(r.template, '{{links.') : null;
  const at = link?.line ? link : { file: r.source.mjmlFile, line: ctx.lineOf(r.source.mjmlFile, '<mj-body') };
  yield {
    key: `${r.scope.templateId}\0${r.scope.brand}\0${r.scope.locale}`,
    finding: {
      severity: 'error',
      file: at.file,
      line: at.line,
      message: `${r.label}: the HTML part ${where} (a reader whose links are blocked or broken cannot type it)`,
      ...r.scope,
    },
  };
}

/**
 * A code-carrying trigger's HTML shows the code as text a reader can type, not only inside a URL;
 * once per template, brand and locale.
 * @example htmlCodeRule.check(ctx) // [{ file: '…/email.mjml', message: 'default/en/default: the HTML part does not show the code (…)' }]
 */
export const htmlCodeRule: CheckRule = {
  id: 'html-code',
  description: 'the HTML part of a code-carrying trigger shows the code outside a URL',
  fix: 'show {{code}} as text (the code-block partial: <mj-include path="../../partials/code-block.mjml" />)',
  check: (ctx) => firstPerKey(succeeded(ctx.renderings).flatMap((r) => [...hiddenCode(ctx, r)])),
};
