/**
 * The templates package's build API, loaded lazily: it pulls in MJML, which only the studio and the build
 * need. The renderer comes from `@mailroom/templates/renderer`, which imports no MJML and no `dist/` (a fresh
 * clone has no built registry yet, and a broken one is what the studio is for).
 */
export type BuildApi = typeof import('@mailroom/templates/build');

/**
 * The build API.
 * @example const build = await loadBuildApi(); build.createBuildCache();
 */
export function loadBuildApi(): Promise<BuildApi> {
  return import('@mailroom/templates/build');
}
