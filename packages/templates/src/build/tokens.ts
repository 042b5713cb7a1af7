/**
 * Build-time tokens (`[[brand.colors.primary]]`, `[[dir]]`, `[[align]]`): static per brand and text
 * direction, substituted before MJML sees the source, because strict MJML rejects `{{…}}` in typed
 * attributes such as colours.
 */
import { readFileSync } from 'node:fs';
import type { BrandMeta } from '../types.js';
import type { BuildIssue } from './sources.js';

export type Direction = 'ltr' | 'rtl';

const TOKEN = /\[\[\s*([\w.]+)\s*\]\]/g;

/**
 * The 1-based line of a character offset.
 * @example lineAt('a\nb', 2) // 2
 */
export function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Every token's value for one brand and direction.
 * @example buildTokens(brand, 'rtl').align // 'right'
 */
export function buildTokens(brand: BrandMeta, dir: Direction): Record<string, string> {
  const tokens: Record<string, string> = {
    dir,
    align: dir === 'rtl' ? 'right' : 'left',
    alignEnd: dir === 'rtl' ? 'left' : 'right',
    'brand.name': brand.name,
    'brand.displayName': brand.displayName,
    'brand.logoUrl': brand.logoUrl,
    'brand.logoWidth': `${brand.logoWidth}px`,
    'brand.supportEmail': brand.supportEmail,
    'brand.appUrl': brand.appUrl,
    'brand.legalName': brand.legalName,
  };
  for (const [k, v] of Object.entries(brand.colors)) tokens[`brand.colors.${k}`] = v;
  return tokens;
}

/**
 * The MJML preprocessor for one brand and direction: known tokens replaced (attribute-escaped), unknown
 * ones left as written (`unknownTokenIssues` reports them first).
 * @example tokenSubstitute(brand, 'ltr')('<mj-text align="[[align]]">') // '<mj-text align="left">'
 */
export function tokenSubstitute(brand: BrandMeta, dir: Direction): (xml: string) => string {
  const tokens = buildTokens(brand, dir);
  return (xml) =>
    xml.replace(TOKEN, (whole, name: string) => {
      const value = tokens[name];
      return value === undefined ? whole : escapeAttr(value);
    });
}

/**
 * Unknown tokens with file and line: caught before MJML, which would only say "invalid value for type Color".
 * @example unknownTokenIssues(['…/email.mjml'], brands) // [{ file, line: 8, message: 'unknown build-time token [[brand.colors.bg]]; known: …' }]
 */
export function unknownTokenIssues(files: readonly string[], brands: readonly BrandMeta[]): BuildIssue[] {
  const known = brands[0] ? buildTokens(brands[0], 'ltr') : {};
  const issues: BuildIssue[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(TOKEN)) {
      if (Object.hasOwn(known, m[1] ?? '')) continue;
      issues.push({
        file,
        line: lineAt(text, m.index),
        message: `unknown build-time token ${m[0]}; known: ${Object.keys(known).join(', ')}`,
      });
    }
  }
  return issues;
}
