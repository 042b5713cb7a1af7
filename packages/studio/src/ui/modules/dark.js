// @ts-check
// Emulated dark mode: what mail apps do to a message when the reader's phone is in dark mode.

/**
 * The HTML as a dark-mode client shows it, and a note saying which emulation applies. A template with its
 * own dark styles gets them (the media query forced on); otherwise Gmail/Outlook apps' full inversion:
 * invert, then re-invert images so photos and logos survive.
 * @param {string} html
 * @returns {{ html: string, note: string }}
 * @example darkDocument(render.html).note
 */
export function darkDocument(html) {
  if (/prefers-color-scheme\s*:\s*dark/i.test(html)) {
    return {
      html: html
        .replace(/\(\s*prefers-color-scheme\s*:\s*dark\s*\)/gi, '(min-width: 0px)')
        .replace(/\(\s*prefers-color-scheme\s*:\s*light\s*\)/gi, '(max-width: 0px)'),
      note: 'Dark: the template’s own prefers-color-scheme styles, forced on.',
    };
  }
  const style =
    '<style data-studio-dark>html{filter:invert(1) hue-rotate(180deg);background:#fff}' +
    'img,picture,video,[style*="background-image"]{filter:invert(1) hue-rotate(180deg)}</style>';
  return {
    html: /<\/head>/i.test(html) ? html.replace(/<\/head>/i, `${style}</head>`) : style + html,
    note: 'Dark: emulated full inversion (what Gmail and Outlook apps do to mail without dark styles).',
  };
}
