import { brotliCompressSync, constants } from 'node:zlib';
import type { BrandMeta, RegistryLocale } from '../types.js';
import type { CompileResult } from './compile.js';

// A double-quoted JavaScript string literal, as the Handlebars compiler emits them (JSON.stringify).
const LITERAL = /"(?:[^"\\\n]|\\.)*"/g;
// Shorter literals stay inline: `S[1234]` would not be smaller, and object keys / helper names stay readable.
const MIN_TABLED = 12;
// A string literal (left alone) or a reference into the string / position table.
const TABLE_REF = /"(?:[^"\\\n]|\\.)*"|\b([SL])\[(\d+)\]/g;
// Separates the strings inside the compressed table; the build refuses HTML that contains it.
const SEPARATOR = '\u0000';
// The property-lookup fallback the compiler repeats in every function of every spec (≈ 200 bytes each).
const LOOKUP_FALLBACK = `function(parent, propertyName) {
        if (Object.prototype.hasOwnProperty.call(parent, propertyName)) {
          return parent[propertyName];
        }
        return undefined
    }`;

// A source position the compiler attaches to every expression (for error messages and helpers).
const LOC = /\{"start":\{"line":(\d+),"column":(\d+)\},"end":\{"line":(\d+),"column":(\d+)\}\}/g;

/**
 * Moves the data out of compiled specs into tables, so the module carries each item once and
 * compressed: the static strings (the HTML between two expressions, shared by brands and directions
 * and full of repetitive CSS and table soup) become `S[i]`, the source positions become `L[i]` (four
 * numbers each). A literal followed by `:` is an object key and stays in the code; template code stays
 * code, only its data moves.
 */
export function tableLiterals(specs: string[]): {
  strings: string[];
  locs: number[][];
  rewrite(spec: string): string;
} {
  const stringIndex = new Map<string, number>();
  const strings: string[] = [];
  const locIndex = new Map<string, number>();
  const locs: number[][] = [];
  const intern = <T>(map: Map<string, number>, list: T[], key: string, value: T): number => {
    let i = map.get(key);
    if (i === undefined) {
      i = list.length;
      map.set(key, i);
      list.push(value);
    }
    return i;
  };
  const rewrite = (spec: string): string =>
    spec
      .replace(LOC, (_whole, ...n: string[]) => {
        const numbers = n.slice(0, 4).map(Number);
        return `L[${intern(locIndex, locs, numbers.join(','), numbers)}]`;
      })
      .replace(LITERAL, (literal: string, offset: number, code: string) => {
        if (literal.length < MIN_TABLED || code[offset + literal.length] === ':') return literal;
        const value = JSON.parse(literal) as string;
        if (value.includes(SEPARATOR)) throw new Error('template HTML contains a NUL character; remove it');
        return `S[${intern(stringIndex, strings, value, value)}]`;
      });
  // Rewriting every spec once fills the tables in a stable order before any caller uses `rewrite`.
  for (const spec of specs) rewrite(spec);
  return { strings, locs, rewrite };
}

/**
 * Brand and direction variants of one template compile to the same code with different strings and
 * positions. Numbering each spec's table references by position (`$S[0]`, `$S[1]` …) makes those
 * variants byte-identical, so each distinct shape is emitted once as a factory and every spec becomes
 * a call with its own index lists (which travel in the compressed table).
 */
export function shareShapes(rewritten: string[]): {
  shapes: string[];
  uses: { shape: number; strings: number[]; locs: number[] }[];
} {
  const shapeIndex = new Map<string, number>();
  const shapes: string[] = [];
  const uses = rewritten.map((spec) => {
    const strings: number[] = [];
    const locs: number[] = [];
    // Literals are matched too (and kept) so that text like "S[1]" inside a short string is never touched.
    const shape = spec.replace(TABLE_REF, (whole, table: string | undefined, i: string | undefined) => {
      if (!table) return whole;
      const list = table === 'S' ? strings : locs;
      list.push(Number(i));
      return `$${table}[${list.length - 1}]`;
    });
    let n = shapeIndex.get(shape);
    if (n === undefined) {
      n = shapes.length;
      shapeIndex.set(shape, n);
      shapes.push(shape);
    }
    return { shape: n, strings, locs };
  });
  return { shapes, uses };
}

/** Brotli at maximum quality, base64: the table is written once per build and inflated once per process. */
function packStrings(strings: string[]): string {
  const raw = Buffer.from(strings.join(SEPARATOR), 'utf8');
  return brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  }).toString('base64');
}

/** The registry entry of one compiled template; `ref` names each spec (identical specs share a name). */
function templateEntry(t: CompileResult, ref: (spec: string) => string): string | null {
  if (!t.ok || !t.source || !t.subject) return null;
  const table = (spec: (b: CompileResult['builds'][number]) => string): string =>
    t.builds.map((b) => `${JSON.stringify(`${b.brand}:${b.dir}`)}: ${ref(spec(b))}`).join(', ');
  // Named in this order (HTML, text, subject): spec names and the module's layout stay as they were.
  const html = table((b) => b.htmlSpec);
  const text = table((b) => b.textSpec);
  return (
    `  ${JSON.stringify(t.id)}: {\n` +
    `    id: ${JSON.stringify(t.id)},\n` +
    `    trigger: ${JSON.stringify(t.source.trigger)},\n` +
    `    variantOf: ${JSON.stringify(t.source.variantOf)},\n` +
    `    description: ${JSON.stringify(t.source.description)},\n` +
    `    previewStates: P[${JSON.stringify(t.id)}],\n` +
    `    subject: ${ref(t.subject.spec)},\n` +
    `    html: { ${html} },\n` +
    `    text: { ${text} },\n` +
    '  },'
  );
}

/** What the module's text is assembled from. */
interface ModuleParts {
  packed: string;
  /** Index in the string table of the first JSON entry (positions, then brands, locales, previews, uses). */
  dataAt: number;
  shapeLines: string[];
  specLines: string[];
  entries: string[];
  defaultLocale: string;
}

function moduleSource(p: ModuleParts): string {
  return [
    '// Generated by `pnpm --filter @mailroom/templates build`. Do not edit: change templates/, locales/, brands/.',
    "import { brotliDecompressSync } from 'node:zlib';",
    "import Handlebars from 'handlebars/runtime.js';",
    '',
    'export const formatVersion = 1;',
    '/** An isolated Handlebars environment, so helpers never leak into (or from) the global one. */',
    'export const runtime = Handlebars.create();',
    '// The static HTML of every template, then (JSON) the source positions, brands, locale catalogs and',
    '// preview states, NUL-separated and brotli-compressed: the markup repeats across templates and brands.',
    `const S = brotliDecompressSync(Buffer.from(${JSON.stringify(p.packed)}, 'base64')).toString('utf8').split('\\u0000');`,
    `const L = [];`,
    `for (let n = JSON.parse(S[${p.dataAt}]), i = 0; i < n.length; i += 4) {`,
    '  L.push({ start: { line: n[i], column: n[i + 1] }, end: { line: n[i + 2], column: n[i + 3] } });',
    '}',
    `const P = JSON.parse(S[${p.dataAt + 3}]);`,
    '// What the compiler inlines into every function when the runtime lacks `lookupProperty` (never in 4.7).',
    'function lookupOwn(parent, propertyName) {',
    '  return Object.prototype.hasOwnProperty.call(parent, propertyName) ? parent[propertyName] : undefined;',
    '}',
    `const I = JSON.parse(S[${p.dataAt + 4}]);`,
    '/** The strings and positions of spec `i`, in the order its shape (factory `k…`) refers to them. */',
    'function pick(i) {',
    '  return [I[i][0].map((n) => S[n]), I[i][1].map((n) => L[n])];',
    '}',
    '// One factory per distinct code shape; brand and direction variants share theirs.',
    ...p.shapeLines,
    ...p.specLines,
    `export const defaultLocale = ${JSON.stringify(p.defaultLocale)};`,
    `export const brands = JSON.parse(S[${p.dataAt + 1}]);`,
    `export const locales = JSON.parse(S[${p.dataAt + 2}]);`,
    'export const templates = {',
    ...p.entries,
    '};',
    '',
  ].join('\n');
}

const REGISTRY_DTS = [
  '// Generated by `pnpm --filter @mailroom/templates build`.',
  "import type { RegistryModule } from '../src/types.js';",
  "export declare const formatVersion: RegistryModule['formatVersion'];",
  "export declare const runtime: RegistryModule['runtime'];",
  "export declare const defaultLocale: RegistryModule['defaultLocale'];",
  "export declare const brands: RegistryModule['brands'];",
  "export declare const locales: RegistryModule['locales'];",
  "export declare const templates: RegistryModule['templates'];",
  '',
].join('\n');

/**
 * Writes the registry module source. Identical specs (the text part rarely differs between brands) are
 * emitted once; their static strings, the brands and the locale catalogs travel as one brotli-compressed
 * table that `node:zlib` inflates synchronously at import. The module imports only the Handlebars runtime
 * (`handlebars/runtime.js`: Node's ESM resolver needs the extension because handlebars has no `exports`
 * map) and `node:zlib`.
 * @example const { js, dts } = emitRegistry({ templates, locales, brands, defaultLocale: 'en' })
 */
export function emitRegistry(input: {
  templates: CompileResult[];
  locales: RegistryLocale[];
  brands: BrandMeta[];
  defaultLocale: string;
}): { js: string; dts: string } {
  const specs = new Map<string, string>();
  const ref = (spec: string): string => {
    const name = specs.get(spec) ?? `s${specs.size}`;
    specs.set(spec, name);
    return name;
  };
  const entries = input.templates.flatMap((t) => templateEntry(t, ref) ?? []);
  const { strings, locs, rewrite } = tableLiterals([...specs.keys()]);
  const { shapes, uses } = shareShapes(
    [...specs.keys()].map((spec) => rewrite(spec).split(LOOKUP_FALLBACK).join('lookupOwn')),
  );
  const previews = Object.fromEntries(
    input.templates.flatMap((t) => (t.ok && t.source ? [[t.id, t.source.previewStates]] : [])),
  );
  const packed = packStrings([
    ...strings,
    JSON.stringify(locs.flat()),
    JSON.stringify(Object.fromEntries(input.brands.map((b) => [b.name, b]))),
    JSON.stringify(Object.fromEntries(input.locales.map((l) => [l.code, l]))),
    JSON.stringify(previews),
    JSON.stringify(uses.map((u) => [u.strings, u.locs])),
  ]);
  const js = moduleSource({
    packed,
    dataAt: strings.length,
    shapeLines: shapes.map((shape, i) => `const k${i} = ($S, $L) => runtime.template(${shape});`),
    specLines: [...specs.values()].map((name, i) => `const ${name} = k${uses[i]?.shape}(...pick(${i}));`),
    entries,
    defaultLocale: input.defaultLocale,
  });
  return { js, dts: REGISTRY_DTS };
}
