import type { RenderScope } from './renderings.js';

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Where a problem repeated across renderings occurs, in one short phrase: `default/en/default` for one
 * rendering, else how many and which brands, locales and states they span.
 * @example
 * scopeSummary([{ templateId: 'p', brand: 'default', locale: 'en', state: 'a' },
 *               { templateId: 'p', brand: 'default', locale: 'fr', state: 'a' }])
 * // '2 renderings: brand default · locales en, fr · state a'
 */
export function scopeSummary(scopes: readonly RenderScope[]): string {
  const [only] = scopes;
  if (scopes.length === 1 && only) return `${only.brand}/${only.locale}/${only.state}`;
  const part = (name: string, values: string[]) =>
    `${name}${values.length > 1 ? 's' : ''} ${values.join(', ')}`;
  return [
    `${scopes.length} renderings: ${part('brand', distinct(scopes.map((s) => s.brand)))}`,
    part('locale', distinct(scopes.map((s) => s.locale))),
    part('state', distinct(scopes.map((s) => s.state))),
  ].join(' · ');
}

/**
 * Groups items by a key, keeping the order in which each key first appears.
 * @example groupBy(['a1', 'b1', 'a2'], (s) => s[0]) // Map { 'a' => ['a1', 'a2'], 'b' => ['b1'] }
 */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}
