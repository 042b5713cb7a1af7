import type { BuildIssue } from '../build/sources.js';
import type { CheckContext } from './context.js';
import type { RuleFinding } from './rule.js';

/** Which check rule reports a build problem: the first that claims it, else the catch-all `build`. */
const CLAIMS: readonly [string, (issue: BuildIssue) => boolean][] = [
  ['handlebars', (i) => i.message.startsWith('Handlebars:')],
  ['subject', (i) => /needs subject\.hbs$/.test(i.message)],
  ['json', (i) => i.file.endsWith('.json')],
  ['placement', (i) => /^MJML: \S+ cannot be used inside /.test(i.message)],
  [
    'unknown-markup',
    (i) =>
      /^MJML: (Element \S+ doesn't exist|Attribute \S+ is illegal)/.test(i.message) ||
      i.message.startsWith('unknown build-time token'),
  ],
  ['attribute-value', (i) => /^MJML: Attribute \S+ has invalid value/.test(i.message)],
];

/**
 * The rule id a build problem is reported under (`build` when no more precise rule claims it).
 * @example ruleOfIssue({ file: 'x/email.mjml', line: 3, message: 'MJML: Attribute colour is illegal' }) // 'unknown-markup'
 */
export function ruleOfIssue(issue: BuildIssue): string {
  return issue.rule ?? CLAIMS.find(([, claims]) => claims(issue))?.[0] ?? 'build';
}

function asFinding(severity: 'error' | 'warning', issue: BuildIssue): RuleFinding {
  return { severity, file: issue.file, line: issue.line, message: issue.message };
}

/**
 * The strict build's errors and warnings that belong to one rule, as findings.
 * @example issuesFor(ctx, 'json') // [{ severity: 'error', file: '…/brands/acme.json', line: 4, message: '…' }]
 */
export function issuesFor(ctx: CheckContext, rule: string): RuleFinding[] {
  const seen = new Set<string>();
  // A partial included by several templates is compiled (and its problem found) once per template.
  const mine = (issue: BuildIssue) => {
    const key = `${issue.file}\0${issue.line}\0${issue.message}`;
    if (ruleOfIssue(issue) !== rule || seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  return [
    ...ctx.build.errors.filter(mine).map((e) => asFinding('error', e)),
    ...ctx.build.warnings.filter(mine).map((w) => asFinding('warning', w)),
  ];
}
