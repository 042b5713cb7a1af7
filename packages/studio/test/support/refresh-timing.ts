/**
 * Where the time of one live reload went, from the test's file write to the new HTML in the page: the
 * server's `RebuildTiming` lined up with the page's User Timing marks (src/ui/modules/refresh-timing.js) on
 * the one machine clock, so a slow run names its slow stage.
 */
import type { Page } from 'playwright-core';
import type { RebuildResult } from '../../src/types.js';

/** Milliseconds per stage, in the order they run; `watch` … `frame` add up to `refresh`. */
export interface RefreshBreakdown {
  /** write → the watcher's event (fs.watch through chokidar). */
  watch: number;
  /** the burst window, and any rebuild still running. */
  queue: number;
  /** the compile of what the page shows. */
  compile: number;
  /** compile done → the build event sent to the page. */
  send: number;
  /** the event's trip to the page. */
  deliver: number;
  /** the page's `POST /api/render` (its `GET /api/state` runs alongside: `stateAlongside`). */
  render: number;
  /** the new HTML into the preview iframe, until the frame loaded it or the test saw its text. */
  frame: number;
  /** write → the new HTML in the preview frame (the earlier of `loaded` and `seen`): the edit-to-refresh. */
  refresh: number;
  /** write → the frame's `load` event, by the page's clock (its images included). */
  loaded: number;
  /** write → the test saw the new text in the frame (polled on the page's animation frames). */
  seen: number;
  /** build event → the state loaded, alongside the render (not part of the sum). */
  stateAlongside: number;
  /** the build that refreshed the page: false when it was the early one (the previewed variant only). */
  complete: boolean;
}

interface PageMark {
  name: string;
  at: number;
  detail: { version?: number; renderVersion?: number };
}

/** The page's refresh marks once the frame's current document has its `frame` mark (epoch milliseconds). */
async function pageMarks(page: Page): Promise<{ marks: PageMark[]; renderVersion: number }> {
  await page.waitForFunction(
    `(() => {
      const shown = document.querySelector('#preview-frame')?.dataset.renderVersion;
      return performance.getEntriesByName('studio:frame').some((m) => String(m.detail.renderVersion) === shown);
    })()`,
    undefined,
    { timeout: 30_000 },
  );
  return (await page.evaluate(`({
    renderVersion: Number(document.querySelector('#preview-frame').dataset.renderVersion),
    marks: performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('studio:'))
      .map((m) => ({ name: m.name.slice(7), at: performance.timeOrigin + m.startTime, detail: m.detail })),
  })`)) as { marks: PageMark[]; renderVersion: number };
}

function pick(marks: PageMark[], name: string, test: (m: PageMark) => boolean, what: string): PageMark {
  const found = marks.filter((m) => m.name === name && test(m)).at(-1);
  if (!found)
    throw new Error(`the page set no studio:${name} mark for ${what} (src/ui/modules/refresh-timing.js)`);
  return found;
}

/**
 * The stages of the refresh that `writtenAt` (epoch ms) started and the test saw at `seenAt` (the new text in
 * the preview frame), for the document the frame shows now. `rebuilds` are the studio's rebuilds since the write.
 * @example const stages = await refreshBreakdown(page, rebuilds, writtenAt, seenAt);
 */
export async function refreshBreakdown(
  page: Page,
  rebuilds: readonly RebuildResult[],
  writtenAt: number,
  seenAt: number,
): Promise<RefreshBreakdown> {
  const { marks, renderVersion } = await pageMarks(page);
  const frame = pick(
    marks,
    'frame',
    (m) => m.detail.renderVersion === renderVersion,
    `render ${renderVersion}`,
  );
  const render = pick(
    marks,
    'render',
    (m) => m.detail.renderVersion === renderVersion,
    `render ${renderVersion}`,
  );
  const build = pick(marks, 'build', (m) => m.at <= render.at, 'the build before it');
  const state = marks.find((m) => m.name === 'state' && m.detail.version === build.detail.version);
  const rebuild = rebuilds.find((r) => r.version === build.detail.version);
  if (!rebuild?.timing) throw new Error(`no timed rebuild has version ${build.detail.version}`);
  const { changedAt, startedAt, compiledAt, sentAt } = rebuild.timing;
  // Both the frame's load event (page clock) and the test seeing the text (its polling lags under load) come
  // after the new HTML is in the frame: the earlier is the tighter figure.
  const refreshedAt = Math.min(seenAt, frame.at);
  const points = [writtenAt, changedAt, startedAt, compiledAt, sentAt, build.at, render.at, refreshedAt];
  const keys = ['watch', 'queue', 'compile', 'send', 'deliver', 'render', 'frame'] as const;
  const stages = Object.fromEntries(
    keys.map((key, i) => [key, Math.round((points[i + 1] ?? 0) - (points[i] ?? 0))]),
  ) as Record<(typeof keys)[number], number>;
  return {
    ...stages,
    refresh: Math.round(refreshedAt - writtenAt),
    seen: Math.round(seenAt - writtenAt),
    loaded: Math.round(frame.at - writtenAt),
    stateAlongside: state ? Math.round(state.at - build.at) : -1,
    complete: rebuild.complete,
  };
}

/**
 * One line: the refresh and every stage.
 * @example formatBreakdown(stages) // "612 ms = watch 3 + queue 26 + compile 240 + … (early build; …)"
 */
export function formatBreakdown(stages: RefreshBreakdown): string {
  const { refresh, loaded, seen, stateAlongside, complete, ...parts } = stages;
  const sum = Object.entries(parts)
    .map(([name, ms]) => `${name} ${ms}`)
    .join(' + ');
  const build = complete ? 'complete build' : 'early build of the previewed variant';
  return (
    `${refresh} ms = ${sum} (${build}; state ${stateAlongside} ms alongside; ` +
    `frame loaded at ${loaded} ms, text seen by the test at ${seen} ms)`
  );
}
