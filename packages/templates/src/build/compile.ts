/**
 * Compiling one template: its sources checked as written (Handlebars syntax, well-formed MJML, build-time
 * tokens), then MJML (strict) per brand × direction with Handlebars kept intact, then every part
 * precompiled (Handlebars, strict). Designer mistakes come back as issues with file and line, never throws.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import type { BrandMeta } from '../types.js';
import { scanHandlebars, type UsedKey } from './handlebars-scan.js';
import { includedFiles } from './includes.js';
import { mjmlIssues } from './mjml-issues.js';
import { type BuildIssue, loadBrands, loadTemplate, PACKAGE_ROOT, type TemplateSource } from './sources.js';
import { htmlToTextTemplate } from './text.js';
import { type Direction, tokenSubstitute, unknownTokenIssues } from './tokens.js';
import { wellFormedIssues } from './well-formed.js';

export type { UsedKey } from './handlebars-scan.js';
export { includedFiles } from './includes.js';
export { buildTokens, type Direction } from './tokens.js';

/** One compiled (brand, direction) build of a template. */
export interface CompiledBuild {
  brand: string;
  dir: Direction;
  /** HTML after MJML, Handlebars expressions intact. */
  html: string;
  /** Text-part template (from `text.hbs` or generated from `html`). */
  text: string;
  htmlSpec: string;
  textSpec: string;
}

export interface CompileResult {
  id: string;
  ok: boolean;
  errors: BuildIssue[];
  warnings: BuildIssue[];
  source: TemplateSource | null;
  subject: { template: string; spec: string } | null;
  builds: CompiledBuild[];
  /** Catalog keys the template's sources use (`{{t "…"}}` with literal keys), for the check. */
  usedKeys: UsedKey[];
  /** Every file the template depends on (email.mjml, includes, subject, text, preview, brand files). */
  files: string[];
  fromCache: boolean;
  durationMs: number;
}

/** Keeps compile results between calls (dev server, watch mode) keyed by a hash of all inputs. */
export type BuildCache = Map<string, CompileResult>;

/**
 * An empty compile cache for a long-running process.
 * @example const cache = createBuildCache(); await compileTemplate('sign-up', { cache });
 */
export function createBuildCache(): BuildCache {
  return new Map();
}

export interface CompileOptions {
  /** Package root holding templates/, layouts/, partials/, brands/ (default: this package). */
  root?: string;
  /** Brands to compile for (default: brands/*.json under root). */
  brands?: BrandMeta[];
  cache?: BuildCache;
  /**
   * Text directions to compile (default both). The studio compiles the one its page shows first, so a save
   * reaches the preview before the template's other builds.
   */
  dirs?: readonly Direction[];
}

const ALL_DIRS: readonly Direction[] = ['ltr', 'rtl'];

const HELPERS = { t: true, attr: true };

function hashInputs(files: string[], extra: string): string {
  const h = createHash('sha256').update(extra);
  for (const f of files)
    h.update(f)
      .update('\0')
      .update(existsSync(f) ? readFileSync(f) : '');
  return h.digest('hex');
}

/** Handlebars' precompiled JavaScript for one part, or null with the error recorded. */
function precompile(template: string, file: string, noEscape: boolean, errors: BuildIssue[]): string | null {
  try {
    return Handlebars.precompile(template, { strict: true, noEscape, knownHelpers: HELPERS }) as string;
  } catch (err) {
    errors.push({ file, line: null, message: `Handlebars: ${(err as Error).message}` });
    return null;
  }
}

/** What one template compiles from, read once. */
interface Inputs {
  root: string;
  source: TemplateSource;
  mjmlFiles: string[];
  mjml: string;
  textOverride: string | null;
  errors: BuildIssue[];
}

/**
 * The sources as written: Handlebars syntax (and the catalog keys used), then what MJML would repair
 * silently (an unclosed mj-text swallows what follows, a missing include vanishes).
 */
function sourceIssues(inputs: Inputs, files: string[], usedKeys: UsedKey[]): void {
  for (const f of files.filter((f) => !f.endsWith('.json'))) {
    scanHandlebars(f, readFileSync(f, 'utf8'), inputs.errors, usedKeys);
  }
  inputs.errors.push(...wellFormedIssues(inputs.root, inputs.mjmlFiles));
}

/** One brand × direction: MJML → HTML (Handlebars intact) → precompiled HTML and text parts. */
async function compileBuild(inputs: Inputs, brand: BrandMeta, dir: Direction): Promise<CompiledBuild | null> {
  const { source, errors } = inputs;
  const substitute = tokenSubstitute(brand, dir);
  let html: string;
  try {
    const result = await mjml2html(inputs.mjml, {
      validationLevel: 'strict',
      filePath: source.mjmlFile,
      ignoreIncludes: false,
      includePath: [inputs.root],
      preprocessors: [substitute],
      keepComments: false,
      // MJML otherwise adds a Google Fonts <link> and @import whenever a font-family names Roboto,
      // Lato, Open Sans …: a third-party request from every recipient nobody asked for. A brand that
      // wants a web font says so in its template (<mj-font>) and lists the URL in its "fonts".
      fonts: {},
    } as Parameters<typeof mjml2html>[1]);
    html = result.html;
  } catch (err) {
    errors.push(...mjmlIssues(err, source.mjmlFile, substitute));
    return null;
  }
  // Inter-tag indentation is pure weight (Gmail clips at ~102 KB); MJML emits no <pre> we could break.
  html = html.replace(/>\s*\n\s*</g, '><');
  const text = inputs.textOverride ?? htmlToTextTemplate(html);
  const htmlSpec = precompile(html, source.mjmlFile, false, errors);
  const textSpec = precompile(text, source.textFile ?? source.mjmlFile, true, errors);
  return htmlSpec && textSpec ? { brand: brand.name, dir, html, text, htmlSpec, textSpec } : null;
}

/** Lets pending I/O run: a long-running host (the studio) keeps answering requests between builds. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolveYield) => setImmediate(resolveYield));
}

/** Every brand × direction in order; stops at the first that fails (its errors are recorded). */
async function compileBuilds(
  inputs: Inputs,
  brands: BrandMeta[],
  dirs: readonly Direction[],
): Promise<CompiledBuild[] | null> {
  const builds: CompiledBuild[] = [];
  for (const brand of brands) {
    for (const dir of dirs) {
      if (builds.length > 0) await yieldToEventLoop();
      const build = await compileBuild(inputs, brand, dir);
      if (!build) return null;
      builds.push(build);
    }
  }
  return builds;
}

/**
 * Compiles one template for every brand and text direction: MJML (strict) → HTML with Handlebars
 * intact → precompiled Handlebars specs (strict), plus subject and text part. Never throws for
 * designer mistakes: problems come back as `errors` with file and line.
 * @example
 * const result = await compileTemplate('sign-up');
 * if (!result.ok) for (const e of result.errors) console.error(`${e.file}:${e.line} ${e.message}`);
 */
export async function compileTemplate(id: string, opts: CompileOptions = {}): Promise<CompileResult> {
  const started = performance.now();
  const root = opts.root ?? PACKAGE_ROOT;
  const errors: BuildIssue[] = [];
  const brands = opts.brands ?? loadBrands(root, errors);
  const source = loadTemplate(root, id, errors);
  const usedKeys: UsedKey[] = [];
  const result = (fields: Partial<CompileResult> = {}): CompileResult => ({
    ...{ id, ok: false, errors, warnings: [], source, subject: null, builds: [], usedKeys, files: [] },
    ...{ fromCache: false, durationMs: performance.now() - started },
    ...fields,
  });
  if (!source || errors.length > 0) return result({ usedKeys: [] });

  const mjmlFiles = includedFiles(source.mjmlFile);
  const textFiles = source.textFile ? [source.textFile] : [];
  const files = [...mjmlFiles, source.subjectFile, ...textFiles, source.previewFile];
  const dirs = opts.dirs ?? ALL_DIRS;
  const cacheKey = hashInputs(files, `${id}\0${JSON.stringify(brands)}\0${dirs.join(',')}`);
  const cached = opts.cache?.get(cacheKey);
  if (cached) return { ...cached, fromCache: true, durationMs: performance.now() - started };

  const mjml = readFileSync(source.mjmlFile, 'utf8');
  const textOverride = source.textFile ? readFileSync(source.textFile, 'utf8') : null;
  const inputs: Inputs = { root, source, mjmlFiles, mjml, textOverride, errors };
  sourceIssues(inputs, files, usedKeys);
  if (errors.length > 0) return result();

  const subjectTemplate = readFileSync(source.subjectFile, 'utf8').trim();
  const subjectSpec = precompile(subjectTemplate, source.subjectFile, true, errors);
  errors.push(...unknownTokenIssues(mjmlFiles, brands));
  if (errors.length > 0) return result();
  const builds = await compileBuilds(inputs, brands, dirs);
  if (!builds || !subjectSpec) return result();

  const brandFiles = brands.map((b) => join(root, 'brands', `${b.name}.json`));
  const compiled = result({
    ok: true,
    subject: { template: subjectTemplate, spec: subjectSpec },
    builds,
    files: [...files, ...brandFiles],
  });
  opts.cache?.set(cacheKey, compiled);
  return compiled;
}
