import { readFileSync } from 'node:fs';
import { type CompileResult, includedFiles } from '../build/compile.js';
import { type MjmlScan, scanMjml } from '../build/mjml-scan.js';
import { type EndingContent, type StructureProblem, structureOf } from '../build/mjml-structure.js';

/** One designer-edited file, read once, with the templates that use it. */
export interface SourceFile {
  file: string;
  /** `document`: a template's email.mjml; `mjml`: an included layout or partial. */
  kind: 'document' | 'mjml' | 'subject' | 'text';
  text: string;
  templateIds: string[];
}

/** An MJML file as written: its tags and texts, what MJML would repair, and its ending tags' text. */
export interface MjmlSource {
  source: SourceFile;
  scan: MjmlScan;
  problems: StructureProblem[];
  contents: EndingContent[];
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function filesOf(template: CompileResult): [string, SourceFile['kind']][] {
  const source = template.source;
  if (!source) return [];
  const [document, ...includes] = includedFiles(source.mjmlFile);
  return [
    ...(document ? [[document, 'document'] as [string, SourceFile['kind']]] : []),
    ...includes.map((f): [string, SourceFile['kind']] => [f, 'mjml']),
    [source.subjectFile, 'subject'],
    ...(source.textFile ? [[source.textFile, 'text'] as [string, SourceFile['kind']]] : []),
  ];
}

/**
 * Every file the templates are made of (email.mjml, included layouts and partials, subject.hbs, text.hbs),
 * each once however many templates include it, in first-use order.
 * @example collectSources(build.templates).filter((s) => s.kind === 'mjml').map((s) => s.file)
 */
export function collectSources(templates: readonly CompileResult[]): SourceFile[] {
  const byFile = new Map<string, SourceFile>();
  for (const template of templates) {
    for (const [file, kind] of filesOf(template)) {
      const known = byFile.get(file);
      if (known) {
        if (!known.templateIds.includes(template.id)) known.templateIds.push(template.id);
        continue;
      }
      byFile.set(file, { file, kind, text: read(file), templateIds: [template.id] });
    }
  }
  return [...byFile.values()];
}

/**
 * Scans every MJML source once (tags as written, structure problems, ending-tag texts).
 * @example mjmlSources(collectSources(build.templates))[0]?.problems
 */
export function mjmlSources(sources: readonly SourceFile[]): MjmlSource[] {
  return sources
    .filter((s) => s.kind === 'document' || s.kind === 'mjml')
    .map((source) => {
      const scan = scanMjml(source.file, source.text);
      return { source, scan, ...structureOf(scan) };
    });
}
