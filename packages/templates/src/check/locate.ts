import { type CompileResult, includedFiles } from '../build/compile.js';
import { lineOf, type SourceLocation } from './line-of.js';

/**
 * Where in a template's sources a name is used (email.mjml and its includes, then subject, then text),
 * for a missing-variable finding; the email file without a line when it is nowhere.
 * @example locate(template, 'plan') // { file: '…/templates/probe/email.mjml', line: 12 }
 */
export function locate(template: CompileResult, needle: string): SourceLocation {
  const source = template.source;
  const files = source ? [...includedFiles(source.mjmlFile), source.subjectFile, source.textFile] : [];
  for (const file of files) {
    if (!file) continue;
    const line = lineOf(file, needle);
    if (line) return { file, line };
  }
  return { file: source?.mjmlFile ?? null, line: null };
}
