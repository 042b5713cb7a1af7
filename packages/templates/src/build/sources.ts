import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isEmailAddress, TRIGGERS, type TriggerName, triggerInfo } from '@mailroom/shared-types';
import type { BrandMeta, PreviewState, RegistryLocale, TemplateInput } from '../types.js';
import { jsonPath, lineOfPath } from './json-path.js';

/** A build problem a designer can act on: which file, which line (1-based, when known), what is wrong. */
export interface BuildIssue {
  file: string;
  line: number | null;
  message: string;
  /** `error` fails the build/check; `warning` is reported only. */
  severity?: 'error' | 'warning';
  /** The check rule that reports it (`structure`, `include` …); otherwise the check classifies it. */
  rule?: string;
}

/** Package root: the folder holding `templates/`, `locales/`, `brands/`, `layouts/`, `partials/`. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface TemplateSource {
  id: string;
  dir: string;
  trigger: TriggerName;
  variantOf: string | null;
  description: string;
  mjmlFile: string;
  subjectFile: string;
  textFile: string | null;
  previewFile: string;
  previewStates: PreviewState[];
}

export interface Sources {
  root: string;
  brands: BrandMeta[];
  locales: RegistryLocale[];
  templates: TemplateSource[];
  issues: BuildIssue[];
}

const COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const COLOR_KEYS = [
  'primary',
  'onPrimary',
  'background',
  'surface',
  'text',
  'muted',
  'codeBackground',
  'danger',
];

/** Best-effort line of a JSON syntax error (V8 reports a character position). */
function jsonErrorLine(text: string, err: unknown): number | null {
  const msg = err instanceof Error ? err.message : '';
  const line = /line (\d+)/.exec(msg)?.[1];
  if (line) return Number(line);
  const pos = /position (\d+)/.exec(msg)?.[1];
  return pos ? text.slice(0, Number(pos)).split('\n').length : null;
}

/** Line where `"key"` first appears in a JSON file, so field errors point somewhere useful. */
export function lineOfKey(text: string, key: string): number | null {
  const idx = text.indexOf(`"${key}"`);
  return idx < 0 ? null : text.slice(0, idx).split('\n').length;
}

function readJson(file: string, issues: BuildIssue[]): { value: unknown; text: string } | null {
  const text = readFileSync(file, 'utf8');
  try {
    return { value: JSON.parse(text), text };
  } catch (err) {
    issues.push({ file, line: jsonErrorLine(text, err), message: `invalid JSON: ${(err as Error).message}` });
    return null;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function listDir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

type Problem = (path: (string | number)[], message: string) => void;

/** A JSON file's problems at their JSON path and line (`$.colors.primary must be …`). */
function problemsIn(file: string, text: string, issues: BuildIssue[]): Problem {
  return (path, message) =>
    issues.push({ file, line: lineOfPath(text, path), message: `${jsonPath(path)} ${message}` });
}

const HTTPS = /^https:\/\/[^\s"<>]+$/;

function checkBrandColors(value: Record<string, unknown>, problem: Problem): void {
  if (!isRecord(value.colors)) {
    problem(['colors'], 'is required: an object of hex colours');
    return;
  }
  for (const key of COLOR_KEYS) {
    const color = value.colors[key];
    if (typeof color !== 'string' || !COLOR.test(color))
      problem(['colors', key], 'must be a hex colour like "#4f46e5"');
  }
}

function checkBrandStrings(value: Record<string, unknown>, problem: Problem): void {
  for (const key of ['displayName', 'supportEmail', 'legalName']) {
    if (typeof value[key] !== 'string' || !value[key]) problem([key], 'is required: a non-empty string');
  }
  for (const key of ['logoUrl', 'appUrl']) {
    if (typeof value[key] !== 'string' || !HTTPS.test(value[key] as string))
      problem([key], 'must be an https URL');
  }
  const email = value.supportEmail;
  if (typeof email === 'string' && email && !isEmailAddress(email)) {
    problem(['supportEmail'], 'must be an email address');
  }
}

const isStringArray = (v: unknown, each: (s: string) => boolean = () => true): boolean =>
  Array.isArray(v) && v.every((s) => typeof s === 'string' && each(s));

function checkBrandOptionals(value: Record<string, unknown>, problem: Problem): void {
  const { logoWidth, fonts, clientIds } = value;
  if (logoWidth !== undefined && !(typeof logoWidth === 'number' && logoWidth > 0)) {
    problem(['logoWidth'], 'must be a positive number (pixels)');
  }
  if (value.default !== undefined && typeof value.default !== 'boolean')
    problem(['default'], 'must be true or false');
  if (value.defaultLocale !== undefined && typeof value.defaultLocale !== 'string') {
    problem(['defaultLocale'], 'must be a locale tag like "en"');
  }
  if (fonts !== undefined && !isStringArray(fonts, (f) => HTTPS.test(f))) {
    problem(['fonts'], 'must be an array of https stylesheet URLs the brand allows (web fonts)');
  }
  if (clientIds !== undefined && !isStringArray(clientIds)) {
    problem(['clientIds'], 'must be an array of Cognito app client ids (strings)');
  }
}

function checkBrandTemplates(value: Record<string, unknown>, problem: Problem): void {
  if (value.templates !== undefined && !isRecord(value.templates)) {
    problem(['templates'], 'must be an object like { "SignUp": "welcome-rich" }');
  }
  const templates = isRecord(value.templates) ? value.templates : {};
  for (const [trigger, id] of Object.entries(templates)) {
    if (!triggerInfo(trigger) || triggerInfo(trigger)?.name !== trigger) {
      problem(['templates', trigger], `is not a trigger name (${TRIGGERS.map((t) => t.name).join(', ')})`);
    }
    if (typeof id !== 'string') problem(['templates', trigger], 'must be a template id');
  }
}

function toBrandMeta(name: string, value: Record<string, unknown>): BrandMeta {
  const colors = isRecord(value.colors) ? value.colors : {};
  return {
    name: name.replace(/\.json$/, ''),
    displayName: String(value.displayName ?? ''),
    colors: Object.fromEntries(
      COLOR_KEYS.map((k) => [k, String(colors[k] ?? '#000000')]),
    ) as unknown as BrandMeta['colors'],
    logoUrl: String(value.logoUrl ?? ''),
    logoWidth: typeof value.logoWidth === 'number' ? value.logoWidth : 140,
    supportEmail: String(value.supportEmail ?? ''),
    appUrl: String(value.appUrl ?? ''),
    defaultLocale: typeof value.defaultLocale === 'string' ? value.defaultLocale : 'en',
    clientIds: Array.isArray(value.clientIds) ? value.clientIds.filter((c) => typeof c === 'string') : [],
    templates: (isRecord(value.templates) ? value.templates : {}) as BrandMeta['templates'],
    default: value.default === true,
    legalName: String(value.legalName ?? ''),
  };
}

export function loadBrands(root: string, issues: BuildIssue[]): BrandMeta[] {
  const brands: BrandMeta[] = [];
  for (const name of listDir(join(root, 'brands')).filter((f) => f.endsWith('.json'))) {
    const file = join(root, 'brands', name);
    const parsed = readJson(file, issues);
    if (!parsed) continue;
    const problem = problemsIn(file, parsed.text, issues);
    if (!isRecord(parsed.value)) {
      problem([], 'must be a JSON object (a brand file)');
      continue;
    }
    checkBrandColors(parsed.value, problem);
    checkBrandStrings(parsed.value, problem);
    checkBrandOptionals(parsed.value, problem);
    checkBrandTemplates(parsed.value, problem);
    brands.push(toBrandMeta(name, parsed.value));
  }
  const defaults = brands.filter((b) => b.default);
  if (brands.length === 0)
    issues.push({ file: join(root, 'brands'), line: null, message: 'no brands/*.json found' });
  else if (defaults.length !== 1) {
    issues.push({
      file: join(root, 'brands'),
      line: null,
      message: `exactly one brand needs "default": true (found ${defaults.length})`,
    });
  }
  return brands;
}

function flatten(prefix: string, value: unknown, out: Record<string, string>, bad: string[]): void {
  if (typeof value === 'string') out[prefix] = value;
  else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v, out, bad);
  } else bad.push(prefix);
}

export function loadLocales(root: string, issues: BuildIssue[]): RegistryLocale[] {
  const locales: RegistryLocale[] = [];
  for (const name of listDir(join(root, 'locales')).filter((f) => f.endsWith('.json'))) {
    const file = join(root, 'locales', name);
    const parsed = readJson(file, issues);
    if (!parsed) continue;
    const problem = problemsIn(file, parsed.text, issues);
    if (!isRecord(parsed.value)) {
      problem([], 'must be a JSON object (a catalog)');
      continue;
    }
    const { _meta: meta, ...catalog } = parsed.value;
    const m = isRecord(meta) ? meta : {};
    const messages: Record<string, string> = {};
    const bad: string[] = [];
    flatten('', catalog, messages, bad);
    for (const key of bad) problem(key.split('.'), 'must be a string (or an object of strings)');
    if (typeof m.name !== 'string' || !m.name)
      problem(['_meta', 'name'], 'is required: the language name ("Deutsch")');
    if (m.dir !== 'ltr' && m.dir !== 'rtl') problem(['_meta', 'dir'], 'is required: "ltr" or "rtl"');
    locales.push({
      code: name.replace(/\.json$/, ''),
      name: typeof m.name === 'string' ? m.name : name,
      dir: m.dir === 'rtl' ? 'rtl' : 'ltr',
      messages,
    });
  }
  return locales;
}

function stateProblems(name: string, state: unknown, needsCode: boolean, problem: Problem): boolean {
  const s = isRecord(state) ? state : {};
  const data = isRecord(s.data) ? s.data : null;
  const at = (...path: string[]) => ['states', name, ...path];
  if (!data) {
    problem(at('data'), 'is required: the sample data ({ "username": …, "userAttributes": { … } })');
    return false;
  }
  let ok = true;
  if (typeof data.username !== 'string') {
    problem(at('data', 'username'), 'is required: a string');
    ok = false;
  }
  if (!isRecord(data.userAttributes)) {
    problem(at('data', 'userAttributes'), 'is required: an object');
    ok = false;
  }
  if (needsCode && typeof data.code !== 'string') {
    problem(at('data', 'code'), "is required: this template's trigger always carries a code");
  }
  const caller = s.callerContext;
  if (caller !== undefined && !(isRecord(caller) && typeof caller.clientId === 'string' && caller.clientId)) {
    problem(at('callerContext'), 'must be { "clientId": "<app client id>" } (the event\'s callerContext)');
    ok = false;
  }
  return ok;
}

/** The named preview states of a preview.json, each checked for the fields every render needs. */
function previewStatesOf(
  value: Record<string, unknown>,
  needsCode: boolean,
  problem: Problem,
): PreviewState[] {
  if (!isRecord(value.states)) {
    problem(['states'], 'is required: an object of named states ({ "default": { "data": { … } } })');
    return [];
  }
  const states: PreviewState[] = [];
  for (const [name, state] of Object.entries(value.states)) {
    if (!stateProblems(name, state, needsCode, problem)) continue;
    const s = state as Record<string, unknown>;
    states.push({
      name,
      description: typeof s.description === 'string' ? s.description : name,
      ...(isRecord(s.callerContext) ? { callerContext: { clientId: String(s.callerContext.clientId) } } : {}),
      data: s.data as unknown as TemplateInput,
    });
  }
  return states;
}

export function loadTemplate(root: string, id: string, issues: BuildIssue[]): TemplateSource | null {
  const dir = join(root, 'templates', id);
  const at = (f: string) => join(dir, f);
  for (const required of ['email.mjml', 'subject.hbs', 'preview.json']) {
    if (!existsSync(at(required))) {
      issues.push({ file: at(required), line: null, message: `template "${id}" needs ${required}` });
      return null;
    }
  }
  const parsed = readJson(at('preview.json'), issues);
  if (!parsed) return null;
  const value = isRecord(parsed.value) ? parsed.value : {};
  const variantOf = typeof value.variantOf === 'string' ? value.variantOf : null;
  const base = TRIGGERS.find((t) => t.templateId === (variantOf ?? id));
  const declared = typeof value.trigger === 'string' ? triggerInfo(value.trigger) : undefined;
  const trigger = declared ?? base;
  if (!trigger) {
    issues.push({
      file: at('preview.json'),
      line: lineOfKey(parsed.text, 'variantOf'),
      message: `cannot tell which trigger "${id}" serves: name it after a trigger's template, or set "variantOf"/"trigger"`,
    });
    return null;
  }
  const problem = problemsIn(at('preview.json'), parsed.text, issues);
  const states = previewStatesOf(value, trigger.codeKind !== 'none', problem);
  if (isRecord(value.states) && Object.keys(value.states).length === 0)
    problem(['states'], 'needs at least one state');
  return {
    id,
    dir,
    trigger: trigger.name,
    variantOf,
    description: typeof value.description === 'string' ? value.description : '',
    mjmlFile: at('email.mjml'),
    subjectFile: at('subject.hbs'),
    textFile: existsSync(at('text.hbs')) ? at('text.hbs') : null,
    previewFile: at('preview.json'),
    previewStates: states,
  };
}

export function listTemplateIds(root: string): string[] {
  const dir = join(root, 'templates');
  return listDir(dir).filter((d) => statSync(join(dir, d)).isDirectory());
}

/** Reads every brand, locale and template folder under `root`. */
export function loadSources(root: string, only?: readonly string[]): Sources {
  const issues: BuildIssue[] = [];
  const brands = loadBrands(root, issues);
  const locales = loadLocales(root, issues);
  const ids = listTemplateIds(root).filter((id) => !only || only.includes(id));
  const templates = ids
    .map((id) => loadTemplate(root, id, issues))
    .filter((t): t is TemplateSource => t !== null);
  return { root, brands, locales, templates, issues };
}
