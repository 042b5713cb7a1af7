/**
 * Quick render-time measurement over the built registry:
 * `pnpm --filter @mailroom/templates exec tsx scripts/measure-render.ts`.
 * Per template: HTML bytes per locale (default brand, first preview state) and the median of 2,000
 * warm renders (after 200 warm-up renders), measured with performance.now() around each call.
 */
import { getPreviewStates, listLocales, listTemplates, render } from '../src/index.js';

const rows: string[] = [];
for (const t of listTemplates()) {
  const state = getPreviewStates(t.id)[0];
  if (!state) continue;
  const sizes = listLocales().map(
    (locale) =>
      `${locale} ${Buffer.byteLength(render({ templateId: t.id, locale, brand: 'default', data: state.data }).html)}`,
  );
  for (let i = 0; i < 200; i++) render({ templateId: t.id, locale: 'en', data: state.data });
  const samples: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const start = performance.now();
    render({ templateId: t.id, locale: 'en', data: state.data });
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[samples.length / 2] ?? 0;
  rows.push(
    `${t.id.padEnd(24)} median ${(median * 1000).toFixed(0).padStart(4)} µs   HTML bytes: ${sizes.join(', ')}`,
  );
}
console.log(rows.join('\n'));
