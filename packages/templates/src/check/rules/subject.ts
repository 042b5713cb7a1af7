import { issuesFor } from '../build-issues.js';
import { keyCandidates } from '../catalog-keys.js';
import type { CheckContext } from '../context.js';
import { succeeded } from '../renderings.js';
import type { CheckRule, RuleFinding } from '../rule.js';

/** subject.hbs itself: not empty, one line. */
function templateProblems(ctx: CheckContext): RuleFinding[] {
  return ctx.sources
    .filter((s) => s.kind === 'subject')
    .flatMap((s): RuleFinding[] => {
      const text = s.text.trim();
      const templateId = s.templateIds[0];
      if (!text)
        return [{ severity: 'error', file: s.file, line: 1, message: 'subject.hbs is empty', templateId }];
      const lead = s.text.length - s.text.trimStart().length;
      const breakAt = /[\r\n]/.exec(text)?.index;
      if (breakAt === undefined) return [];
      const line = s.text.slice(0, lead + breakAt).split('\n').length;
      const message =
        'subject.hbs continues on the next line: a subject is one line (CR/LF would end the header)';
      return [{ severity: 'error', file: s.file, line, message, templateId }];
    });
}

/** Catalog entries a subject uses that contain a line break, in any locale. */
function translationProblems(ctx: CheckContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const template of ctx.build.templates) {
    const subjectFile = template.source?.subjectFile;
    for (const used of template.usedKeys.filter((k) => k.file === subjectFile)) {
      for (const locale of ctx.build.locales) {
        const key = keyCandidates(template, used).find((k) => Object.hasOwn(locale.messages, k));
        if (!key || !/[\r\n\u2028\u2029]/.test(locale.messages[key] ?? '')) continue;
        const file = ctx.localeFile(locale.code);
        out.push({
          severity: 'error',
          file,
          line: ctx.lineOfJsonKey(file, key.split('.').pop() ?? key),
          message: `"${key}" (${locale.code}) contains a line break and is used in a subject (${ctx.relative(used.file)}:${used.line})`,
          templateId: template.id,
          locale: locale.code,
        });
      }
    }
  }
  return out;
}

/** Renderings whose subject still comes out empty (an empty translation, an empty variable). */
function renderedProblems(ctx: CheckContext): RuleFinding[] {
  return succeeded(ctx.renderings)
    .filter((r) => !r.email.subject || /[\r\n]/.test(r.email.subject))
    .map(
      (r): RuleFinding => ({
        severity: 'error',
        file: r.source.subjectFile,
        line: 1,
        message: `${r.label}: subject is empty or not a single line`,
        ...r.scope,
      }),
    );
}

/**
 * Every template has a subject.hbs that is one line, no catalog entry it uses holds a line break (CR/LF
 * in a subject ends the header), and every rendering's subject is non-empty.
 * @example subjectRule.check(ctx) // [{ file: '…/subject.hbs', line: 1, message: 'default/en/default: subject is empty or not a single line' }]
 */
export const subjectRule: CheckRule = {
  id: 'subject',
  description: 'every subject is one non-empty line, in every locale',
  fix: 'make subject.hbs (and the catalog entry it uses) produce one non-empty line of text',
  check: (ctx) => [
    ...issuesFor(ctx, 'subject'),
    ...templateProblems(ctx),
    ...translationProblems(ctx),
    ...renderedProblems(ctx),
  ],
};
