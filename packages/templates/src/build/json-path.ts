/**
 * 1-based line of a JSON path in a JSON text: each key is searched after the previous one (`"key":`),
 * so `$.colors.primary` finds the `primary` inside `colors`, not an earlier one; array indexes are
 * skipped. Falls back to the deepest key found, then to line 1.
 * @example lineOfPath('{\n "colors": {\n  "primary": 1 } }', ['colors', 'primary']) // 3
 */
export function lineOfPath(text: string, path: readonly (string | number)[]): number {
  let from = 0;
  let found = -1;
  for (const key of path) {
    if (typeof key === 'number') continue;
    const match = new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`).exec(text.slice(from));
    if (!match) break;
    found = from + match.index;
    from = found + match[0].length;
  }
  return found < 0 ? 1 : text.slice(0, found).split('\n').length;
}

/**
 * A JSON path as the findings show it.
 * @example jsonPath(['states', 'default', 'data', 'username']) // '$.states.default.data.username'
 */
export function jsonPath(path: readonly (string | number)[]): string {
  return `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;
}
