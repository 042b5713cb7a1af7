// @ts-check
// Syntax colouring for the HTML source tab (escaped first: the output is assigned to innerHTML).

/** @param {string} s */
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * `source` as escaped HTML with tags, attributes, values and comments wrapped in classed spans.
 * @param {string} source
 * @returns {string}
 * @example highlightHtml('<p class="x">hi</p>') // '&lt;<span class="t">p</span> …'
 */
export function highlightHtml(source) {
  const out = [];
  const re = /(<!--[\s\S]*?-->)|(<\/?[a-zA-Z][^>]*>)/g;
  let last = 0;
  for (const match of source.matchAll(re)) {
    out.push(esc(source.slice(last, match.index)));
    if (match[1]) out.push(`<span class="c">${esc(match[1])}</span>`);
    else out.push(highlightTag(match[2] ?? ''));
    last = (match.index ?? 0) + match[0].length;
  }
  out.push(esc(source.slice(last)));
  return out.join('');
}

/** @param {string} tag */
function highlightTag(tag) {
  return esc(tag).replace(
    /^(&lt;\/?)([a-zA-Z0-9:-]+)|([a-zA-Z_:][-a-zA-Z0-9_:.]*)(=)("[^"]*"|'[^']*')/g,
    (_m, open, name, attr, eq, val) =>
      open
        ? `${open}<span class="t">${name}</span>`
        : `<span class="a">${attr}</span>${eq}<span class="s">${val}</span>`,
  );
}
