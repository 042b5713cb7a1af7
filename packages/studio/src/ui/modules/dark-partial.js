// @ts-check
// Partial-inversion dark mode, as Gmail's and Outlook's apps apply it to mail without dark styles: light
// backgrounds darkened, dark text lightened, images untouched. An image with a transparent background and
// dark content then sits dark-on-dark (a logo disappears): those are flagged.

/**
 * `rgb(…)`/`rgba(…)` as [r, g, b, a] (0–255, alpha 0–1); null for anything else.
 * @param {string} css
 * @returns {[number, number, number, number] | null}
 */
function parseRgb(css) {
  const m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(css);
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
}

/**
 * Relative luminance, 0 (black) to 1 (white).
 * @param {number} r
 * @param {number} g
 * @param {number} b
 * @example luminance(255, 255, 255) // 1
 */
export function luminance(r, g, b) {
  const lin = (/** @type {number} */ c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * The colour with its lightness flipped and its hue kept (a light tint becomes a dark shade and back).
 * @param {[number, number, number, number]} rgba
 * @returns {string}
 * @example flipLightness([255, 255, 255, 1]) // 'rgba(0, 0, 0, 1)' darkened towards #121212
 */
export function flipLightness([r, g, b, a]) {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const shift = 255 - (max + min);
  const clamp = (/** @type {number} */ c) => Math.round(Math.min(255, Math.max(18, c + shift)));
  return `rgba(${clamp(r)}, ${clamp(g)}, ${clamp(b)}, ${a})`;
}

/**
 * Darkens light backgrounds and lightens dark text in the frame's document; images keep their colours.
 * @param {Document} doc
 * @example applyPartialInversion(frame.contentDocument);
 */
export function applyPartialInversion(doc) {
  const view = doc.defaultView;
  if (!view) return;
  doc.documentElement.style.backgroundColor = '#121212';
  for (const el of /** @type {HTMLElement[]} */ ([...doc.querySelectorAll('body, body *')])) {
    if (el instanceof view.HTMLImageElement) continue;
    const style = view.getComputedStyle(el);
    const bg = parseRgb(style.backgroundColor);
    if (bg && bg[3] > 0 && luminance(bg[0], bg[1], bg[2]) > 0.4) el.style.backgroundColor = flipLightness(bg);
    const fg = parseRgb(style.color);
    if (fg && luminance(fg[0], fg[1], fg[2]) < 0.3) el.style.color = flipLightness(fg);
    if (el.hasAttribute('bgcolor')) el.removeAttribute('bgcolor');
  }
}

/**
 * Whether the image has transparent pixels and its visible pixels are mostly dark (unreadable on a dark
 * background). Null when it cannot be read (not loaded, or another origin).
 * @param {HTMLImageElement} img
 * @returns {boolean | null}
 */
export function isDarkOnTransparent(img) {
  if (!img.complete || img.naturalWidth === 0) return null;
  const canvas = document.createElement('canvas');
  canvas.width = Math.min(img.naturalWidth, 200);
  canvas.height = Math.min(img.naturalHeight, 200);
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  try {
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return darkOnTransparent(ctx.getImageData(0, 0, canvas.width, canvas.height).data);
  } catch {
    return null;
  }
}

/**
 * @param {Uint8ClampedArray} px RGBA pixels
 */
function darkOnTransparent(px) {
  let transparent = 0;
  let opaque = 0;
  let light = 0;
  for (let i = 0; i < px.length; i += 4) {
    if ((px[i + 3] ?? 0) < 128) transparent += 1;
    else {
      opaque += 1;
      light += luminance(px[i] ?? 0, px[i + 1] ?? 0, px[i + 2] ?? 0);
    }
  }
  const pixels = px.length / 4;
  return transparent / pixels > 0.05 && opaque > 0 && light / opaque < 0.25;
}

/**
 * The images in `doc` that would vanish on a dark background, by their alt text or file name.
 * @param {Document} doc
 * @returns {string[]}
 * @example flagImages(frame.contentDocument) // ['Mailroom (mailroom-280x64.png)']
 */
export function flagImages(doc) {
  return [...doc.images]
    .filter((img) => isDarkOnTransparent(img) === true)
    .map((img) => {
      img.style.outline = '3px dashed #f59e0b';
      const name = decodeURIComponent(img.src.split(/[?#]/)[0]?.split('/').pop() ?? '');
      return img.alt ? `${img.alt} (${name})` : name;
    });
}
