// @ts-check
// The build overlay: every build problem with file:line and a code frame, like Vite's.
import { $, h } from './dom.js';

/** @typedef {import('./types.js').BuildProblem} BuildProblem */

/**
 * `file:line:column` as far as known.
 * @param {{ file?: string | null, line?: number | null, column?: number | null }} p
 * @example where({ file: 'templates/a/email.mjml', line: 4, column: null }) // 'templates/a/email.mjml:4'
 */
export function where(p) {
  return `${p.file ?? ''}${p.line ? `:${p.line}` : ''}${p.column ? `:${p.column}` : ''}`;
}

/** @param {BuildProblem} p */
function problemCard(p) {
  const frame = p.frame?.length
    ? h(
        'pre',
        { class: 'frame' },
        ...p.frame.map((l) =>
          h('div', { class: l.line === p.line ? 'hit' : '' }, h('span', { class: 'ln' }, l.line), l.text),
        ),
      )
    : null;
  return h(
    'div',
    { class: 'problem' },
    h('div', { class: 'problem-file' }, where(p)),
    h('div', { class: 'problem-message' }, p.message),
    frame,
  );
}

/**
 * Shows the overlay for `problems`, or hides it when there are none.
 * @param {BuildProblem[] | undefined} problems
 * @example showProblems(build.problems);
 */
export function showProblems(problems) {
  const overlay = $('#overlay');
  if (!problems || problems.length === 0) {
    overlay.hidden = true;
    return;
  }
  $('#overlay-problems').replaceChildren(...problems.map(problemCard));
  overlay.hidden = false;
}
