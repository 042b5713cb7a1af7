import Handlebars from 'handlebars';

type Node = hbs.AST.Node;

/**
 * Parses a Handlebars source; null when it does not parse (the `handlebars` rule reports that).
 * @example parseHandlebars('{{code}}')?.body.length // 1
 */
export function parseHandlebars(text: string): hbs.AST.Program | null {
  try {
    return Handlebars.parse(text);
  } catch {
    return null;
  }
}

/** The block statements a node sits in, outermost first, with the branch taken (`program` or `inverse`). */
export type BlockPath = readonly { block: hbs.AST.BlockStatement; branch: 'program' | 'inverse' }[];

/**
 * Calls `visit` for every node of a Handlebars AST with the blocks it is nested in.
 * @example walkHandlebars(ast, (node) => { if (node.type === 'MustacheStatement') count++; });
 */
export function walkHandlebars(
  node: Node,
  visit: (node: Node, blocks: BlockPath) => void,
  blocks: BlockPath = [],
): void {
  visit(node, blocks);
  if (node.type === 'Program') {
    for (const child of (node as hbs.AST.Program).body) walkHandlebars(child, visit, blocks);
    return;
  }
  if (node.type === 'BlockStatement') {
    const block = node as hbs.AST.BlockStatement;
    for (const part of [...block.params, ...(block.hash ? [block.hash] : [])])
      walkHandlebars(part, visit, blocks);
    if (block.program) walkHandlebars(block.program, visit, [...blocks, { block, branch: 'program' }]);
    if (block.inverse) walkHandlebars(block.inverse, visit, [...blocks, { block, branch: 'inverse' }]);
    return;
  }
  const n = node as { params?: Node[]; hash?: hbs.AST.Hash; pairs?: hbs.AST.HashPair[] };
  for (const part of [...(n.params ?? []), ...(n.hash ? [n.hash] : [])]) walkHandlebars(part, visit, blocks);
  for (const pair of n.pairs ?? []) walkHandlebars(pair.value, visit, blocks);
}
