import { firstPerKey, type KeyedFinding } from '../first-per-key.js';
import { type RenderedOk, succeeded } from '../renderings.js';
import type { CheckRule } from '../rule.js';
import { codeToShow, visibleHtmlText } from '../visible-code.js';

function* hiddenCode(r: RenderedOk): Generator<KeyedFinding> {
  const code = codeToShow(r);
  if (!code || visibleHtmlText(r.email.html).includes(code)) return;
  const where = r.email.html.includes(code)
    ? 'shows the code only inside a link or attribute'
    : 'does not show the code';
  yield {
    key: `${r.scope.templateId}\0${r.scope.brand}\0${r.scope.locale}`,
    finding: {
      severity: 'error',
      file: r.source.mjmlFile,
      line: null,
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
  check: (ctx) => firstPerKey(succeeded(ctx.renderings).flatMap((r) => [...hiddenCode(r)])),
};
