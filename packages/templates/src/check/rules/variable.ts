import type { CheckContext } from '../context.js';
import { inDataModel } from '../data-model.js';
import { firstPerKey, type KeyedFinding } from '../first-per-key.js';
import type { BlockPath } from '../hbs-ast.js';
import { parseHandlebars } from '../hbs-ast.js';
import { succeeded } from '../renderings.js';
import type { CheckRule, RuleFinding } from '../rule.js';
import type { SourceFile } from '../source-files.js';
import { referencesOf, type VariableUse } from '../variable-uses.js';

interface FileUses {
  source: SourceFile;
  uses: VariableUse[];
  unknownHelpers: { name: string; line: number }[];
}

function resolve(context: unknown, parts: readonly string[]): unknown {
  let value = context;
  for (const part of parts) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Does this context take this branch? null when the condition is not a plain path (assume it does). */
function takes(step: BlockPath[number], context: unknown): boolean | null {
  const name = (step.block.path as hbs.AST.PathExpression).original;
  const param = step.block.params[0];
  if (!['if', 'unless', 'each', 'with'].includes(name) || param?.type !== 'PathExpression') return null;
  const value = resolve(context, (param as hbs.AST.PathExpression).parts);
  const truthy = Array.isArray(value) ? value.length > 0 : Boolean(value);
  const holds = name === 'unless' ? !truthy : truthy;
  return step.branch === 'program' ? holds : !holds;
}

function entered(use: VariableUse, contexts: readonly unknown[]): boolean {
  return contexts.some((c) => use.blocks.every((step) => takes(step, c) !== false));
}

function describeBranch(use: VariableUse): string {
  const step = use.blocks.at(-1);
  if (!step) return 'a branch';
  const cond = step.block.params[0] as hbs.AST.PathExpression | undefined;
  const head = `{{#${(step.block.path as hbs.AST.PathExpression).original} ${cond?.original ?? '…'}}}`;
  return `${step.branch === 'inverse' ? `the {{else}} of ${head}` : head} (line ${step.block.loc.start.line})`;
}

function modelFindings(files: readonly FileUses[]): KeyedFinding[] {
  return files.flatMap(({ source, uses, unknownHelpers }) => [
    ...uses
      .filter((u) => !inDataModel(u.parts))
      .map((u) => ({
        key: `model\0${source.file}\0${u.path}`,
        finding: {
          severity: 'error' as const,
          file: source.file,
          line: u.line,
          message: `"${u.path}" is not in the template data (TemplateContext in src/types.ts): it can never have a value`,
        },
      })),
    ...unknownHelpers.map((h) => ({
      key: `helper\0${source.file}\0${h.name}`,
      finding: {
        severity: 'error' as const,
        file: source.file,
        line: h.line,
        message: `helper "${h.name}" is not registered (known: t, attr, if, unless, each, with, lookup, log)`,
      },
    })),
  ]);
}

function branchFindings(ctx: CheckContext, templateId: string, files: readonly FileUses[]): KeyedFinding[] {
  const contexts = succeeded(ctx.renderings)
    .filter((r) => r.scope.templateId === templateId && r.context)
    .map((r) => r.context);
  if (contexts.length === 0) return [];
  const mine = files.filter((f) => f.source.templateIds.includes(templateId));
  const all = mine.flatMap((f) => f.uses.map((use) => ({ use, file: f.source.file })));
  const covered = new Set(all.filter((u) => entered(u.use, contexts)).map((u) => u.use.path));
  return all
    .filter((u) => !covered.has(u.use.path) && inDataModel(u.use.parts))
    .map(({ use, file }) => ({
      key: `branch\0${file}\0${use.path}`,
      finding: {
        severity: 'error' as const,
        file,
        line: use.line,
        message: `"${use.path}" is only used inside ${describeBranch(use)}, which no preview state of ${templateId} enters: strict mode never checked it`,
        templateId,
      },
    }));
}

function fileUses(ctx: CheckContext): FileUses[] {
  return ctx.sources.flatMap((source) => {
    const ast = parseHandlebars(source.text);
    return ast ? [{ source, ...referencesOf(ast) }] : [];
  });
}

/**
 * Every variable a template references is in the typed data model (`TemplateContext`), every helper it
 * calls is registered, and no variable is used only inside a branch that no preview state enters (strict
 * Handlebars fails only on the branches a render takes, so such a variable would first fail at send time).
 * @example variableRule.check(ctx) // [{ line: 20, message: '"event.reason" is only used inside {{#if event.blocked}} (line 19), which no preview state … enters …' }]
 */
export const variableRule: CheckRule = {
  id: 'variable',
  description: 'variables exist in the data model and every branch that uses one is previewed',
  fix: 'spell the variable as in the README table, or add a preview.json state whose data enters the branch',
  check: (ctx): RuleFinding[] => {
    const files = fileUses(ctx);
    const ids = [...new Set(ctx.rendered.map((t) => t.id))];
    return firstPerKey([...modelFindings(files), ...ids.flatMap((id) => branchFindings(ctx, id, files))]);
  },
};
