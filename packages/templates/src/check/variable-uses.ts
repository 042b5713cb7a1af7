import { type BlockPath, walkHandlebars } from './hbs-ast.js';

/** Helpers a template may call: ours (renderer) and the Handlebars built-ins. */
export const KNOWN_HELPERS = new Set(['t', 'attr', 'if', 'unless', 'each', 'with', 'lookup', 'log']);
/** Block helpers that change `this` (their content is not checked against the data model). */
const SCOPING = new Set(['each', 'with']);

/** One reference to template data, as written. */
export interface VariableUse {
  /** Dotted path (`links.verify`), `@root.` removed. */
  path: string;
  parts: string[];
  line: number;
  blocks: BlockPath;
}

/** What a Handlebars source references: data paths, and calls of helpers nobody registered. */
export interface SourceReferences {
  uses: VariableUse[];
  unknownHelpers: { name: string; line: number }[];
}

function helperName(node: hbs.AST.Node): string | null {
  const n = node as Partial<hbs.AST.MustacheStatement>;
  if (n.path?.type !== 'PathExpression') return null;
  const isCall =
    (n.params?.length ?? 0) > 0 || (n.hash?.pairs.length ?? 0) > 0 || node.type === 'SubExpression';
  const name = (n.path as hbs.AST.PathExpression).original;
  if (node.type === 'BlockStatement') return KNOWN_HELPERS.has(name) || isCall ? name : null;
  return isCall ? name : null;
}

function asUse(path: hbs.AST.PathExpression, blocks: BlockPath): VariableUse | null {
  const rooted = path.data && path.parts[0] === 'root';
  if ((path.data && !rooted) || path.depth > 0 || path.original === 'this' || path.parts.length === 0)
    return null;
  const scoped = blocks.some((b) => SCOPING.has((b.block.path as hbs.AST.PathExpression).original));
  if (scoped && !rooted) return null;
  const parts = rooted ? path.parts.slice(1) : path.parts;
  return { path: parts.join('.'), parts, line: path.loc.start.line, blocks };
}

/**
 * Every data path a Handlebars AST references (values, helper arguments, block conditions) with the
 * blocks around it, and every call of a helper that is not registered.
 * @example referencesOf(ast).uses.map((u) => u.path) // ['code', 'links.verify', 'event.blocked']
 */
export function referencesOf(ast: hbs.AST.Program): SourceReferences {
  const refs: SourceReferences = { uses: [], unknownHelpers: [] };
  walkHandlebars(ast, (node, blocks) => {
    if (node.type === 'PathExpression') {
      const use = asUse(node as hbs.AST.PathExpression, blocks);
      if (use) refs.uses.push(use);
      return;
    }
    if (!['MustacheStatement', 'BlockStatement', 'SubExpression'].includes(node.type)) return;
    const helper = helperName(node);
    if (helper && !KNOWN_HELPERS.has(helper))
      refs.unknownHelpers.push({ name: helper, line: node.loc.start.line });
    const path = (node as hbs.AST.MustacheStatement).path;
    if (!helper && path.type === 'PathExpression') {
      const use = asUse(path as hbs.AST.PathExpression, blocks);
      if (use) refs.uses.push(use);
    }
  });
  return refs;
}
