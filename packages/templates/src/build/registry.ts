import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrandMeta, RegistryLocale } from '../types.js';
import { type BuildCache, type CompileResult, compileTemplate } from './compile.js';
import { emitRegistry } from './emit.js';
import { type BuildIssue, listTemplateIds, loadBrands, loadLocales, PACKAGE_ROOT } from './sources.js';

export interface BuildOptions {
  /** Package root holding templates/, locales/, brands/ (default: this package). */
  root?: string;
  /** Where registry.js and registry.d.ts go (default: `<root>/dist`). */
  outDir?: string;
  /** Base locale every other catalog falls back to (default `en`). */
  defaultLocale?: string;
  /** Reuse compile results across builds (dev server / watch). */
  cache?: BuildCache;
  /** Write the files (default true); false returns the result only. */
  write?: boolean;
  /** Progress lines ("sign-up ✓ 4 builds 41.2 KB 812 ms"); silent when omitted. */
  log?: (line: string) => void;
}

export interface BuildResult {
  ok: boolean;
  errors: BuildIssue[];
  warnings: BuildIssue[];
  templates: CompileResult[];
  locales: RegistryLocale[];
  brands: BrandMeta[];
  /** Absolute path of the registry module written (null when `write: false` or on errors). */
  outFile: string | null;
  durationMs: number;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/**
 * Builds the whole registry: every template × brand × direction, then writes `dist/registry.js`
 * (+ `.d.ts`) atomically. Errors are collected, not thrown; nothing is written when there are any.
 * @example
 * const result = await buildRegistry({ log: console.log });
 * if (!result.ok) process.exitCode = 1;
 */
export async function buildRegistry(opts: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const root = opts.root ?? PACKAGE_ROOT;
  const outDir = opts.outDir ?? join(root, 'dist');
  const errors: BuildIssue[] = [];
  const warnings: BuildIssue[] = [];
  const brands = loadBrands(root, errors);
  const locales = loadLocales(root, errors);
  const defaultLocale = opts.defaultLocale ?? 'en';
  if (!locales.some((l) => l.code === defaultLocale)) {
    errors.push({
      file: join(root, 'locales'),
      line: null,
      message: `base locale ${defaultLocale}.json is missing`,
    });
  }
  const templates: CompileResult[] = [];
  const ids = listTemplateIds(root);
  for (const id of ids) {
    const result = await compileTemplate(id, { root, brands, ...(opts.cache ? { cache: opts.cache } : {}) });
    templates.push(result);
    errors.push(...result.errors);
    warnings.push(...result.warnings);
    const largest = Math.max(0, ...result.builds.map((b) => b.html.length));
    opts.log?.(
      result.ok
        ? `  ${result.fromCache ? '=' : '✓'} ${id.padEnd(24)} ${result.builds.length} builds  ${kb(largest).padStart(9)}  ${Math.round(result.durationMs)} ms`
        : `  ✗ ${id.padEnd(24)} ${result.errors.length} error(s)`,
    );
  }
  const ids2 = new Set(ids);
  for (const t of templates) {
    const v = t.source?.variantOf;
    if (v && !ids2.has(v)) {
      errors.push({
        file: t.source?.previewFile ?? '',
        line: null,
        message: `variantOf "${v}": no such template`,
      });
    }
  }
  for (const b of brands) {
    for (const [trigger, id] of Object.entries(b.templates)) {
      if (!ids2.has(String(id))) {
        errors.push({
          file: join(root, 'brands', `${b.name}.json`),
          line: null,
          message: `templates.${trigger}: no template "${id}"`,
        });
      }
    }
  }
  let outFile: string | null = null;
  if (errors.length === 0 && opts.write !== false) {
    const { js, dts } = emitRegistry({ templates, locales, brands, defaultLocale });
    mkdirSync(outDir, { recursive: true });
    outFile = join(outDir, 'registry.js');
    // Write-then-rename: a dev server importing mid-build never sees half a module.
    writeFileSync(`${outFile}.tmp`, js);
    writeFileSync(join(outDir, 'registry.d.ts'), dts);
    renameSync(`${outFile}.tmp`, outFile);
    opts.log?.(`  → ${outFile} (${kb(Buffer.byteLength(js))})`);
  }
  return {
    ok: errors.length === 0,
    errors,
    warnings,
    templates,
    locales,
    brands,
    outFile,
    durationMs: performance.now() - started,
  };
}
