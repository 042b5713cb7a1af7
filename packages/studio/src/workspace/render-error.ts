/**
 * A render error as the studio's banner shows it: code, message, and the file:line of the source that
 * caused it. The renderer's errors name a translation key or a variable, not a line; this finds the first
 * line of the template's own files (then layouts and partials) that mentions it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface RenderErrorView {
  code: string;
  message: string;
  /** Relative to the templates source root, e.g. `templates/sign-up/email.mjml`; null when not found. */
  file: string | null;
  line: number | null;
}

interface ErrorLike {
  code?: string;
  message: string;
  details?: Record<string, string>;
}

/** What to look for in the sources: the translation key, else the variable the strict-mode error names. */
function needleOf(error: ErrorLike): string | null {
  if (error.details?.key) return error.details.key;
  if (error.details?.variable) return error.details.variable;
  const quoted =
    /"([\w.-]+)" not defined/.exec(error.message) ?? /translation "([\w.-]+)"/.exec(error.message);
  return quoted?.[1] ?? null;
}

async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && /\.(mjml|hbs)$/.test(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}

/** A key `forgot-password.heading` may be written relative (`.heading`) inside the template's namespace. */
function candidatesFor(needle: string): string[] {
  const last = needle.slice(needle.lastIndexOf('.'));
  return last !== needle ? [needle, last] : [needle];
}

/**
 * The render error with the first source line that mentions its key or variable.
 * @example await locateRenderError(dir, 'forgot-password', err) // { code: 'MISSING_TRANSLATION', file: 'templates/forgot-password/email.mjml', line: 12, … }
 */
export async function locateRenderError(
  templatesDir: string,
  templateId: string,
  error: ErrorLike,
): Promise<RenderErrorView> {
  const view = { code: error.code ?? 'RENDER_FAILED', message: error.message, file: null, line: null };
  const needle = needleOf(error);
  if (!needle) return view;
  const dirs = [
    join(templatesDir, 'templates', templateId),
    join(templatesDir, 'layouts'),
    join(templatesDir, 'partials'),
  ];
  for (const candidate of candidatesFor(needle)) {
    for (const dir of dirs) {
      for (const file of await filesIn(dir)) {
        const lines = (await readFile(file, 'utf8')).split('\n');
        const index = lines.findIndex((l) => l.includes(candidate));
        if (index >= 0)
          return { ...view, file: relative(templatesDir, file).split('\\').join('/'), line: index + 1 };
      }
    }
  }
  return view;
}
