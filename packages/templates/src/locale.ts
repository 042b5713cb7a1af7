/** Normalises `pt_br`, `PT-br` … to BCP 47 casing (`pt-BR`); returns '' for junk. */
export function normalizeLocaleTag(tag: string): string {
  const parts = tag
    .trim()
    .replace(/_/g, '-')
    .split('-')
    .filter((p) => /^[A-Za-z0-9]{1,8}$/.test(p));
  if (parts.length === 0 || !/^[A-Za-z]{2,3}$/.test(parts[0] ?? '')) return '';
  return parts
    .map((p, i) => {
      if (i === 0) return p.toLowerCase();
      if (p.length === 2) return p.toUpperCase();
      if (p.length === 4) return p[0]?.toUpperCase() + p.slice(1).toLowerCase();
      return p.toLowerCase();
    })
    .join('-');
}

/**
 * Finds the best available locale for one requested tag: exact (case-insensitive), then ever shorter
 * prefixes (`zh-Hant-TW` → `zh-Hant` → `zh`). Returns `undefined` when nothing matches.
 * @example matchLocale('pt-BR', ['en', 'pt']) // 'pt'
 */
export function matchLocale(requested: string, available: readonly string[]): string | undefined {
  const tag = normalizeLocaleTag(requested);
  if (!tag) return undefined;
  const byLower = new Map(available.map((a) => [a.toLowerCase(), a]));
  const parts = tag.split('-');
  for (let n = parts.length; n > 0; n--) {
    const hit = byLower.get(parts.slice(0, n).join('-').toLowerCase());
    if (hit) return hit;
  }
  return undefined;
}
