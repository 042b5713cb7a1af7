import { existsSync, readFileSync, statSync } from 'node:fs';
import type { BuildIssue } from './sources.js';
import { lineAt } from './tokens.js';

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

/**
 * What `mjml2html` threw (strict validation errors, or anything else), as issues with the file MJML
 * named (included partials too) and the line in the source as written.
 * @example mjmlIssues(err, source.mjmlFile, tokenSubstitute(brand, 'ltr'))
 */
export function mjmlIssues(
  err: unknown,
  fallbackFile: string,
  substitute: (xml: string) => string,
): BuildIssue[] {
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
