import { describe, expect, it } from 'vitest';
import { resolveBrowser } from '../support/browser.js';

/** A file probe over a fixed set of paths: the tests choose what the "machine" has installed. */
function machine(...installed: string[]): (path: string) => boolean {
  const files = new Set(installed);
  return (path) => files.has(path);
}

const PATH = '/usr/local/bin:/usr/bin:/bin';

describe('resolveBrowser', () => {
  it('uses the npm-shipped browser for MAILROOM_BROWSER=bundled even with CHROMIUM_PATH and a system browser', () => {
    const env = { MAILROOM_BROWSER: 'bundled', CHROMIUM_PATH: '/opt/chrome/chrome', PATH };

    const choice = resolveBrowser(env, machine('/opt/chrome/chrome', '/usr/bin/chromium'));

    expect(choice).toEqual({ source: 'bundled', reason: 'MAILROOM_BROWSER=bundled' });
  });

  it('prefers CHROMIUM_PATH over a system browser', () => {
    const env = { CHROMIUM_PATH: '/opt/chrome/chrome', PATH };

    const choice = resolveBrowser(env, machine('/opt/chrome/chrome', '/usr/bin/chromium'));

    expect(choice).toMatchObject({ source: 'CHROMIUM_PATH', executablePath: '/opt/chrome/chrome' });
  });

  it('fails on a CHROMIUM_PATH that does not exist instead of testing another browser', () => {
    const env = { CHROMIUM_PATH: '/opt/typo/chrome', PATH };

    expect(() => resolveBrowser(env, machine('/usr/bin/chromium'))).toThrow(
      /CHROMIUM_PATH=\/opt\/typo\/chrome does not exist/,
    );
  });

  it('fails on an unknown MAILROOM_BROWSER value and names the valid one', () => {
    expect(() => resolveBrowser({ MAILROOM_BROWSER: 'bundeld', PATH }, machine())).toThrow(
      /MAILROOM_BROWSER=bundeld .*MAILROOM_BROWSER=bundled/,
    );
  });

  it('takes /usr/bin/chromium first, then Chromium or Chrome found on PATH', () => {
    const both = resolveBrowser({ PATH }, machine('/usr/bin/chromium', '/usr/local/bin/google-chrome'));
    const chromeOnly = resolveBrowser({ PATH }, machine('/usr/local/bin/google-chrome'));
    const chromiumBeforeChrome = resolveBrowser(
      { PATH },
      machine('/usr/local/bin/google-chrome', '/bin/chromium'),
    );

    expect(both).toMatchObject({ source: 'system', executablePath: '/usr/bin/chromium' });
    expect(chromeOnly).toMatchObject({ source: 'system', executablePath: '/usr/local/bin/google-chrome' });
    expect(chromiumBeforeChrome).toMatchObject({ source: 'system', executablePath: '/bin/chromium' });
  });

  it('ignores relative PATH entries', () => {
    const choice = resolveBrowser({ PATH: `.:node_modules/.bin:${PATH}` }, machine('chromium'));

    expect(choice.source).toBe('bundled');
  });

  it('falls back to the npm-shipped browser on a bare machine', () => {
    const choice = resolveBrowser({ PATH }, machine());

    expect(choice).toEqual({
      source: 'bundled',
      reason: 'no CHROMIUM_PATH and no system Chromium/Chrome',
    });
  });

  it('treats empty MAILROOM_BROWSER and CHROMIUM_PATH as unset', () => {
    const choice = resolveBrowser(
      { MAILROOM_BROWSER: '', CHROMIUM_PATH: ' ', PATH },
      machine('/bin/chromium'),
    );

    expect(choice).toMatchObject({ source: 'system', executablePath: '/bin/chromium' });
  });
});
