/**
 * The `{name}` placeholders of a catalog message, sorted, so two translations can be compared.
 * @example placeholders('Hi {name}, welcome to {brand}') // ['brand', 'name']
 */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}
