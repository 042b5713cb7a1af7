// @ts-check
// Sandboxed iframes that show an email: sized to their content, brand images served locally.
import { store } from './store.js';

/**
 * Grows the iframe to its document's height (at least 320 px), so the page scrolls, not the frame.
 * @param {HTMLIFrameElement} frame
 * @example fitFrame($('#preview-frame'));
 */
export function fitFrame(frame) {
  const doc = frame.contentDocument;
  if (!doc?.documentElement) return;
  frame.style.height = `${Math.max(320, doc.documentElement.scrollHeight)}px`;
}

/**
 * Shows `html` in the iframe and refits it once loaded and as late images arrive.
 * @param {HTMLIFrameElement} frame
 * @param {string} html
 * @param {(frame: HTMLIFrameElement) => void} [afterLoad] runs on the loaded document (dark-mode emulation)
 * @example setFrame($('#mail-frame'), message.html);
 */
export function setFrame(frame, html, afterLoad = () => {}) {
  frame.onload = () => {
    fitFrame(frame);
    afterLoad(frame);
    for (const img of frame.contentDocument?.images ?? [])
      img.addEventListener('load', () => fitFrame(frame));
  };
  frame.srcdoc = html;
}

/**
 * Brand images live on your CDN (the sample brands use placeholder hosts); where `brands/assets/` holds a file
 * named like an image URL's last path segment, the preview shows the local copy. Only the rendered pane: the
 * HTML source tab and every sent message keep the real URL.
 * @param {string} html
 * @returns {string}
 * @example withLocalBrandAssets('<img src="https://cdn.example/logo.png">')
 */
export function withLocalBrandAssets(html) {
  const assets = new Set(store.state?.brandAssets ?? []);
  if (assets.size === 0) return html;
  return html.replace(/(<img\b[^>]*?\bsrc=")(https?:\/\/[^"]+)(")/gi, (whole, pre, url, post) => {
    const name = decodeURIComponent(url.split(/[?#]/)[0].split('/').pop() ?? '');
    return assets.has(name) ? `${pre}/brand-assets/${encodeURIComponent(name)}${post}` : whole;
  });
}
