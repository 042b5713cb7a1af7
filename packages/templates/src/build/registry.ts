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
 * One progress line per compiled template, as `build` prints it.
 * @example templateLine(result) // '  ✓ sign-up                  4 builds    19.0 KB  603 ms'
 */
export function templateLine(result: CompileResult): string {
  const largest = Math.max(0, ...result.builds.map((b) => b.html.length));
  return result.ok
    ? `  ${result.fromCache ? '=' : '✓'} ${result.id.padEnd(24)} ${result.builds.length} builds  ${kb(largest).padStart(9)}  ${Math.round(result.durationMs)} ms`
    : `  ✗ ${result.id.padEnd(24)} ${result.errors.length} error(s)`;
}

/** Cross-template problems: a variant of nothing, a brand sending a template that does not exist. */
function referenceProblems(root: string, templates: CompileResult[], brands: BrandMeta[]): BuildIssue[] {
  const ids = new Set(templates.map((t) => t.id));
  const errors: BuildIssue[] = [];
  for (const t of templates) {
    const v = t.source?.variantOf;
    if (v && !ids.has(v)) {
      errors.push({
        file: t.source?.previewFile ?? '',
        line: null,
        message: `variantOf "${v}": no such template`,
      });
    }
  }
  for (const b of brands) {
    for (const [trigger, id] of Object.entries(b.templates)) {
      if (!ids.has(String(id))) {
        errors.push({
          file: join(root, 'brands', `${b.name}.json`),
          line: null,
          message: `templates.${trigger}: no template "${id}"`,
        });
      }
    }
  }
  return errors;
}

/**
 * Writes a successful build as `registry.js` + `registry.d.ts` into `outDir`, atomically (a dev server
 * importing mid-build never sees half a module). Returns the module's path and size.
 * @example writeRegistry(result, join(root, 'dist'), 'en') // { file: '…/dist/registry.js', bytes: 94506 }
 */
export function writeRegistry(
  result: Pick<BuildResult, 'templates' | 'locales' | 'brands'>,
  outDir: string,
  defaultLocale: string,
): { file: string; bytes: number } {
  const { js, dts } = emitRegistry({ ...result, defaultLocale });
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'registry.js');
  writeFileSync(`${file}.tmp`, js);
  writeFileSync(join(outDir, 'registry.d.ts'), dts);
  renameSync(`${file}.tmp`, file);
  return { file, bytes: Buffer.byteLength(js) };
}

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
  for (const id of listTemplateIds(root)) {
    const result = await compileTemplate(id, { root, brands, ...(opts.cache ? { cache: opts.cache } : {}) });
    templates.push(result);
    errors.push(...result.errors);
    warnings.push(...result.warnings);
    opts.log?.(templateLine(result));
  }
  errors.push(...referenceProblems(root, templates, brands));
  let outFile: string | null = null;
  if (errors.length === 0 && opts.write !== false) {
    const written = writeRegistry(
      { templates, locales, brands },
      opts.outDir ?? join(root, 'dist'),
      defaultLocale,
    );
    outFile = written.file;
    opts.log?.(`  → ${outFile} (${kb(written.bytes)})`);
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
