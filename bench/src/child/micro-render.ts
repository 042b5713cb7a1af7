/**
 * Micro: render-only. Every template in the registry (defaults and variants), rendered from its first
 * preview state, bundled with the dispatcher's esbuild options so it runs the code that ships.
 */
import { writeFileSync } from 'node:fs';
import { getPreviewStates, listTemplates, render } from '@mailroom/templates';

export interface MicroRenderJob {
  iterations: number;
  out: string;
}

export interface MicroRenderResult {
  templates: Record<string, { samples: number[]; htmlBytes: number; textBytes: number }>;
  errors: string[];
}

const job = JSON.parse(process.argv[2] ?? '{}') as MicroRenderJob;
const result: MicroRenderResult = { templates: {}, errors: [] };
for (const meta of listTemplates()) {
  const state = getPreviewStates(meta.id)[0];
  if (!state) {
    result.errors.push(`${meta.id}: no preview state`);
    continue;
  }
  try {
    const first = render({ templateId: meta.id, data: state.data });
    const samples: number[] = [];
    for (let i = 0; i < 20; i += 1) render({ templateId: meta.id, data: state.data });
    for (let i = 0; i < job.iterations; i += 1) {
      const start = performance.now();
      render({ templateId: meta.id, data: state.data });
      samples.push(performance.now() - start);
    }
    result.templates[meta.id] = {
      samples,
      htmlBytes: Buffer.byteLength(first.html),
      textBytes: Buffer.byteLength(first.text),
    };
  } catch (error) {
    result.errors.push(`${meta.id}: ${(error as Error).name} ${(error as { code?: string }).code ?? ''}`);
  }
}
writeFileSync(job.out, JSON.stringify(result));
