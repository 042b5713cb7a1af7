// @ts-check
// Live-reload timing in the page: a User Timing mark per step from a `build` event to the refreshed preview
// (`studio:build` {version}, `studio:state` {version}, `studio:render` {renderVersion}, `studio:frame`
// {renderVersion}), which the e2e test lines up with the server's own timestamps (`RebuildTiming`).

/** @typedef {'build' | 'state' | 'render' | 'frame'} RefreshStep */

/** @type {RefreshStep[]} */
const STEPS = ['build', 'state', 'render', 'frame'];
/** Enough for the last few refreshes; a page open all day does not collect marks without end. */
const KEEP = 200;

/**
 * Marks one step of a refresh.
 * @param {RefreshStep} step
 * @param {Record<string, unknown>} detail
 * @example markRefresh('render', { renderVersion: 7 });
 */
export function markRefresh(step, detail) {
  if (performance.getEntriesByType('mark').length >= KEEP) {
    for (const name of STEPS) performance.clearMarks(`studio:${name}`);
  }
  performance.mark(`studio:${step}`, { detail });
}
