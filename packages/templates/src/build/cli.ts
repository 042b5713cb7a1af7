import { relative } from 'node:path';
import { buildRegistry } from './registry.js';

// `pnpm --filter @mailroom/templates build`: compile everything, print one line per template,
// exit non-zero with file:line for each problem.
const result = await buildRegistry({ log: (line) => console.log(line) });
const where = (file: string, line: number | null) =>
  `${relative(process.cwd(), file)}${line ? `:${line}` : ''}`;
for (const w of result.warnings) console.warn(`warning ${where(w.file, w.line)} ${w.message}`);
for (const e of result.errors) console.error(`error   ${where(e.file, e.line)} ${e.message}`);
console.log(
  result.ok
    ? `templates: built ${result.templates.length} templates × ${result.brands.length} brands in ${Math.round(result.durationMs)} ms`
    : `templates: build failed with ${result.errors.length} error(s)`,
);
if (!result.ok) process.exitCode = 1;
