import { firstPerKey, type KeyedFinding } from '../first-per-key.js';
import { type RenderedOk, succeeded } from '../renderings.js';
import type { CheckRule } from '../rule.js';

const LOOPBACK_HTTP = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/;

function isAllowed(url: string): boolean {
  return /^(https:|mailto:|#)/i.test(url) || LOOPBACK_HTTP.test(url) || url === '';
}

function* insecureLinks(r: RenderedOk): Generator<KeyedFinding> {
  for (const m of r.email.html.matchAll(/\b(href|src)="([^"]*)"/gi)) {
    const url = (m[2] ?? '').replace(/&amp;/g, '&');
    if (isAllowed(url)) continue;
    yield {
      key: `${r.scope.templateId}\0${url}`,
      finding: {
        severity: 'error',
        file: r.source.mjmlFile,
        line: null,
        message: `${r.label}: ${m[1]} "${url.slice(0, 80)}" is not https (only localhost previews may use http)`,
        ...r.scope,
      },
    };
  }
}

/**
 * Every `href` and `src` is https, `mailto:` or a fragment (`http://localhost` is allowed for previews);
 * once per template and URL.
 * @example insecureLinkRule.check(ctx) // [{ message: 'default/en/default: href "http://app.example/help" is not https (…)' }]
 */
export const insecureLinkRule: CheckRule = {
  id: 'insecure-link',
  description: 'links and images use https',
  fix: 'use an https:// URL, or a {{links.*}} link (built from the brand’s https appUrl)',
  check: (ctx) => firstPerKey(succeeded(ctx.renderings).flatMap((r) => [...insecureLinks(r)])),
};
