import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import type { BrandMeta } from '../types.js';
import { type BuildIssue, loadBrands, loadTemplate, PACKAGE_ROOT, type TemplateSource } from './sources.js';
import { htmlToTextTemplate } from './text.js';
import { wellFormedIssues } from './well-formed.js';

export type Direction = 'ltr' | 'rtl';

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

export interface UsedKey {
  key: string;
  file: string;
  line: number;
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

export function createBuildCache(): BuildCache {
  return new Map();
}

export interface CompileOptions {
  /** Package root holding templates/, layouts/, partials/, brands/ (default: this package). */
  root?: string;
  /** Brands to compile for (default: brands/*.json under root). */
  brands?: BrandMeta[];
  cache?: BuildCache;
}

const HELPERS = { t: true, attr: true };
const INCLUDE = /<mj-include\s+[^>]*?path="([^"]+)"/g;

/** The files a template pulls in through `mj-include`, recursively, in first-seen order. */
export function includedFiles(file: string, seen: Set<string> = new Set()): string[] {
  if (seen.has(file) || !existsSync(file)) return [...seen];
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(INCLUDE)) {
    const target = resolve(dirname(file), m[1] ?? '');
    includedFiles(target.endsWith('.mjml') || existsSync(target) ? target : `${target}.mjml`, seen);
  }
  return [...seen];
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Build-time tokens `[[brand.colors.primary]]`, `[[dir]]`, `[[align]]`: static per brand/direction. */
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

const TOKEN = /\[\[\s*([\w.]+)\s*\]\]/g;

/** Handlebars syntax errors and literal `t` keys, with real file lines (before MJML touches anything). */
function scanHandlebars(file: string, text: string, errors: BuildIssue[], keys: UsedKey[]): void {
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
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const n = node as {
      type?: string;
      path?: { original?: unknown };
      params?: { type: string; value?: unknown }[];
      loc?: { start: { line: number } };
    };
    if (
      (n.type === 'MustacheStatement' || n.type === 'SubExpression' || n.type === 'BlockStatement') &&
      n.path?.original === 't' &&
      n.params?.[0]?.type === 'StringLiteral'
    ) {
      keys.push({ key: String(n.params[0].value), file, line: n.loc?.start.line ?? 0 });
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'loc' && typeof v === 'object') visit(v);
  };
  visit(ast);
}

interface MjmlValidationError {
  line?: number;
  message?: string;
  tagName?: string;
  formattedMessage?: string;
}

/**
 * MJML counts lines on the file as read, but reports positions in the preprocessed text, so once a
 * `[[token]]` is replaced its lines drift. Re-find the offending tag: its position in the substituted
 * text lies within the raw line MJML named, and the substitution keeps line breaks where they were.
 */
function remapLine(
  file: string,
  line: number,
  tagName: string | undefined,
  substitute: (xml: string) => string,
): number {
  if (!tagName || !existsSync(file)) return line;
  const raw = readFileSync(file, 'utf8');
  const starts = [0];
  for (let i = raw.indexOf('\n'); i >= 0; i = raw.indexOf('\n', i + 1)) starts.push(i + 1);
  const from = starts[line - 1] ?? 0;
  const to = starts[line] ?? Number.POSITIVE_INFINITY;
  const text = substitute(raw);
  const tag = new RegExp(`<${tagName}(?=[\\s/>])`, 'g');
  for (const m of text.matchAll(tag)) {
    if (m.index >= from && m.index < to) return lineAt(text, m.index);
  }
  return line;
}

function mjmlIssues(err: unknown, fallbackFile: string, substitute: (xml: string) => string): BuildIssue[] {
  const list = (err as { errors?: MjmlValidationError[] } | null)?.errors;
  if (!Array.isArray(list) || list.length === 0) {
    return [
      {
        file: fallbackFile,
        line: null,
        message: `MJML: ${err instanceof Error ? err.message : String(err)}`,
      },
    ];
  }
  return list.map((e) => {
    // formattedMessage: "Line 12 of /abs/file.mjml, included at … (mj-text) — message"
    const named = /^Line \d+ of (.+?)(?:, included at| \()/.exec(e.formattedMessage ?? '')?.[1];
    // MJML names the folder, not the file, for the top-level document.
    const file = named !== undefined && existsSync(named) && statSync(named).isFile() ? named : fallbackFile;
    return {
      file,
      line: e.line ? remapLine(file, e.line, e.tagName, substitute) : null,
      message: `MJML: ${(e.message ?? e.formattedMessage ?? '').trim()}`,
    };
  });
}

function hashInputs(files: string[], extra: string): string {
  const h = createHash('sha256').update(extra);
  for (const f of files)
    h.update(f)
      .update('\0')
      .update(existsSync(f) ? readFileSync(f) : '');
  return h.digest('hex');
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
  const warnings: BuildIssue[] = [];
  const brands = opts.brands ?? loadBrands(root, errors);
  const source = loadTemplate(root, id, errors);
  const empty = (): CompileResult => ({
    id,
    ok: false,
    errors,
    warnings,
    source,
    subject: null,
    builds: [],
    usedKeys: [],
    files: [],
    fromCache: false,
    durationMs: performance.now() - started,
  });
  if (!source || errors.length > 0) return empty();

  const mjmlFiles = includedFiles(source.mjmlFile);
  const files = [
    ...mjmlFiles,
    source.subjectFile,
    ...(source.textFile ? [source.textFile] : []),
    source.previewFile,
  ];
  const cacheKey = hashInputs(files, `${id}\0${JSON.stringify(brands)}`);
  const cached = opts.cache?.get(cacheKey);
  if (cached) return { ...cached, fromCache: true, durationMs: performance.now() - started };

  const usedKeys: UsedKey[] = [];
  for (const f of files.filter((f) => !f.endsWith('.json')))
    scanHandlebars(f, readFileSync(f, 'utf8'), errors, usedKeys);
  // MJML would repair these silently (an unclosed mj-text swallows what follows, a missing include vanishes).
  errors.push(...wellFormedIssues(root, mjmlFiles));
  if (errors.length > 0) return { ...empty(), usedKeys };

  const compileHbs = (template: string, file: string, noEscape: boolean): string | null => {
    try {
      return Handlebars.precompile(template, { strict: true, noEscape, knownHelpers: HELPERS }) as string;
    } catch (err) {
      errors.push({ file, line: null, message: `Handlebars: ${(err as Error).message}` });
      return null;
    }
  };

  const subjectTemplate = readFileSync(source.subjectFile, 'utf8').trim();
  const subjectSpec = compileHbs(subjectTemplate, source.subjectFile, true);
  const textOverride = source.textFile ? readFileSync(source.textFile, 'utf8') : null;
  const mjmlSource = readFileSync(source.mjmlFile, 'utf8');
  const builds: CompiledBuild[] = [];

  // Unknown build-time tokens: caught before MJML, which would only say "invalid value for type Color".
  const knownTokens = brands[0] ? buildTokens(brands[0], 'ltr') : {};
  for (const file of mjmlFiles) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(TOKEN)) {
      if (!Object.hasOwn(knownTokens, m[1] ?? '')) {
        errors.push({
          file,
          line: lineAt(text, m.index),
          message: `unknown build-time token ${m[0]}; known: ${Object.keys(knownTokens).join(', ')}`,
        });
      }
    }
  }
  if (errors.length > 0) return { ...empty(), usedKeys };

  for (const brand of brands) {
    for (const dir of ['ltr', 'rtl'] as const) {
      const tokens = buildTokens(brand, dir);
      const substitute = (xml: string): string =>
        xml.replace(TOKEN, (whole, name: string) => {
          const value = tokens[name];
          return value === undefined ? whole : escapeAttr(value);
        });
      let html: string;
      try {
        const result = await mjml2html(mjmlSource, {
          validationLevel: 'strict',
          filePath: source.mjmlFile,
          ignoreIncludes: false,
          includePath: [root],
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
        return { ...empty(), usedKeys };
      }
      // Inter-tag indentation is pure weight (Gmail clips at ~102 KB); MJML emits no <pre> we could break.
      html = html.replace(/>\s*\n\s*</g, '><');
      const text = textOverride ?? htmlToTextTemplate(html);
      const htmlSpec = compileHbs(html, source.mjmlFile, false);
      const textSpec = compileHbs(text, source.textFile ?? source.mjmlFile, true);
      if (!htmlSpec || !textSpec) return { ...empty(), usedKeys };
      builds.push({ brand: brand.name, dir, html, text, htmlSpec, textSpec });
    }
  }
  if (!subjectSpec) return { ...empty(), usedKeys };

  const result: CompileResult = {
    id,
    ok: true,
    errors,
    warnings,
    source,
    subject: { template: subjectTemplate, spec: subjectSpec },
    builds,
    usedKeys,
    files: [...files, ...brands.map((b) => join(root, 'brands', `${b.name}.json`))],
    fromCache: false,
    durationMs: performance.now() - started,
  };
  opts.cache?.set(cacheKey, result);
  return result;
}
