import Handlebars from 'handlebars';
import type { BuildIssue } from './sources.js';

/** A catalog key a template uses (`{{t "…"}}` with a literal key), where it is written. */
export interface UsedKey {
  key: string;
  file: string;
  line: number;
}

interface HbsNode {
  type?: string;
  path?: { original?: unknown };
  params?: { type: string; value?: unknown }[];
  loc?: { start: { line: number } };
}

const CALLS = new Set(['MustacheStatement', 'SubExpression', 'BlockStatement']);

/** Every `t` call with a literal key under `node`. */
function collectKeys(node: unknown, file: string, keys: UsedKey[]): void {
  if (Array.isArray(node)) {
    for (const n of node) collectKeys(n, file, keys);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const n = node as HbsNode;
  const first = n.params?.[0];
  if (CALLS.has(n.type ?? '') && n.path?.original === 't' && first?.type === 'StringLiteral') {
    keys.push({ key: String(first.value), file, line: n.loc?.start.line ?? 0 });
  }
  for (const [k, v] of Object.entries(n))
    if (k !== 'loc' && typeof v === 'object') collectKeys(v, file, keys);
}

/**
 * Handlebars syntax errors and literal `t` keys, with real file lines (before MJML touches anything).
 * @example scanHandlebars(file, readFileSync(file, 'utf8'), errors, keys)
 */
export function scanHandlebars(file: string, text: string, errors: BuildIssue[], keys: UsedKey[]): void {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const line = /line (\d+)/.exec(message)?.[1];
    errors.push({
      file,
      line: line ? Number(line) : null,
      message: `Handlebars: ${message.split('\n').pop()}`,
    });
    return;
  }
  collectKeys(ast, file, keys);
}
