import { type CompatibilityIssue, compatibilityReport, mjmlBaselineFeatures } from '../compat.js';
import type { CheckContext } from '../context.js';
import { type RenderedOk, succeeded } from '../renderings.js';
import type { CheckRule, RuleFinding } from '../rule.js';

/** One rendering per template: brands and locales change colours and words, not the features used. */
function onePerTemplate(ctx: CheckContext): RenderedOk[] {
  const seen = new Set<string>();
  return succeeded(ctx.renderings).filter(
    (r) => !seen.has(r.scope.templateId) && seen.add(r.scope.templateId),
  );
}

/** What to search the sources for: `word-break`, `border-radius`, `target` for "target attribute". */
function needleOf(feature: string): string {
  return feature
    .replace(/^<(\w+)> element$/, '<$1')
    .replace(/ (property|attribute)$/, '')
    .split(':')[0] as string;
}

function finding(ctx: CheckContext, issue: CompatibilityIssue, users: RenderedOk[]): RuleFinding {
  const first = users[0] as RenderedOk;
  const at = ctx.locate(first.template, needleOf(issue.feature));
  const ids = users.map((r) => r.scope.templateId);
  const shown = ids.length > 3 ? `${ids.slice(0, 3).join(', ')} (+${ids.length - 3})` : ids.join(', ');
  return {
    severity: 'warning',
    file: at.file,
    line: at.line,
    message: `${issue.feature} is not supported by ${issue.clients.join(', ')} (used by ${shown}): ${issue.url}`,
    templateId: first.scope.templateId,
  };
}

/**
 * HTML and CSS features the rendered emails use that major clients (Gmail web and apps, Outlook Windows,
 * Mac and web, Apple Mail, Yahoo) do not support, from caniemail.com's data; features every MJML email
 * has anyway are left out. Warnings, one per feature, naming the clients, the templates and a link.
 * @example compatRule.check(ctx) // [{ severity: 'warning', message: 'word-break is not supported by Yahoo Desktop Webmail, … (used by sign-up, …): https://www.caniemail.com/features/css-word-break/' }]
 */
export const compatRule: CheckRule = {
  id: 'compat',
  description: 'HTML/CSS features major email clients do not support (caniemail)',
  advisory: true,
  fix: 'check the caniemail page: keep it only if the email still reads well without it in the clients named',
  check: async (ctx) => {
    const users = new Map<string, { issue: CompatibilityIssue; users: RenderedOk[] }>();
    const ignore = await mjmlBaselineFeatures();
    for (const r of onePerTemplate(ctx)) {
      for (const issue of compatibilityReport(r.email.html).issues) {
        if (ignore.has(issue.feature)) continue;
        const entry = users.get(issue.feature) ?? { issue, users: [] };
        entry.users.push(r);
        users.set(issue.feature, entry);
      }
    }
    return [...users.values()].map((e) => finding(ctx, e.issue, e.users));
  },
};
