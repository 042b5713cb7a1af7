import { join } from 'node:path';
import { cliOptions } from '../check/cli-options.js';
import { createCheckContext } from '../check/context.js';
import { formatReport } from '../check/format-report.js';
import { RULES } from '../check/rules/index.js';
import { checkContext } from '../check/run-checks.js';
import { templateLine, writeRegistry } from './registry.js';

// `pnpm --filter @mailroom/templates build [--root <dir>] [--out-dir <dir>] [--allow-missing-triggers]`:
// compile everything, run every check that can fail over it (not the advisory, warning-only ones such as
// `compat`), and write dist/registry.js only when none fails, so a source `check` refuses can never ship.
// On failure: the same grouped findings as `check`, exit 1.
const started = performance.now();
const { outDir, ...options } = cliOptions(process.argv.slice(2));
const ctx = await createCheckContext(options);
for (const t of ctx.build.templates) console.log(templateLine(t));
const report = await checkContext(
  ctx,
  started,
  RULES.filter((r) => !r.advisory),
);
const warnings = report.findings.filter((f) => f.severity === 'warning').length;
if (report.ok) {
  const written = writeRegistry(ctx.build, outDir ?? join(ctx.root, 'dist'), ctx.options.defaultLocale);
  console.log(`  → ${written.file} (${(written.bytes / 1024).toFixed(1)} KB)`);
  console.log(
    `templates: built ${ctx.build.templates.length} templates × ${ctx.build.brands.length} brands in ${Math.round(performance.now() - started)} ms` +
      (warnings ? ` (${warnings} warning(s); \`check\` lists them with the advisory rules)` : ''),
  );
} else {
  console.error(formatReport(report, process.cwd()));
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  console.error(`templates: build refused: ${errors} error(s); nothing written`);
  process.exitCode = 1;
}
