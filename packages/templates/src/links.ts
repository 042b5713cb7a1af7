import { isAllowedLinkBase, type TriggerName } from '@mailroom/shared-types';
import { TemplateError } from './errors.js';
import type { BrandMeta, TemplateInput, TemplateLinks } from './types.js';

/**
 * Parses a base URL for links. https is required, except loopback http (`http://localhost:…`), which
 * the local preview uses; anything else would put an insecure or script link in a real inbox.
 */
export function parseAppUrl(raw: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new TemplateError(
      'INVALID_LINK',
      `${source} is not a URL; set it to e.g. https://app.example.com`,
      {
        cause,
        details: { source },
      },
    );
  }
  // The same rule refuses such an APP_URL at the dispatcher's cold start (shared-types).
  if (!isAllowedLinkBase(url)) {
    throw new TemplateError(
      'INVALID_LINK',
      `${source} must use https (http is only allowed for localhost previews); got ${url.protocol}//${url.host}`,
      { details: { source } },
    );
  }
  return url;
}

/** Accepts a link that came with the event (Cognito's one-click links) only if it is https. */
function safeExternal(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function join(base: URL, path: string, query: Record<string, string | null | undefined>): string {
  const url = new URL(base.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path}`.replace(/\/{2,}/g, '/');
  for (const [k, v] of Object.entries(query)) if (v != null && v !== '') url.searchParams.set(k, v);
  return url.href;
}

const PRIMARY: Record<TriggerName, keyof Omit<TemplateLinks, 'primary'>> = {
  SignUp: 'verify',
  ResendCode: 'verify',
  ForgotPassword: 'reset',
  UpdateUserAttribute: 'verifyAttribute',
  VerifyUserAttribute: 'verifyAttribute',
  AdminCreateUser: 'signIn',
  AccountTakeOverNotification: 'security',
  Authentication: 'signIn',
};

/**
 * Builds every link a template may use. Query values are URL-encoded by `URLSearchParams`, so a code
 * or username can never break out of its parameter.
 * @example buildLinks(trigger, brand, data).verify // https://app.example.com/verify?username=ana&code=123456
 */
export function buildLinks(trigger: TriggerName, brand: BrandMeta, data: TemplateInput): TemplateLinks {
  const base = data.appUrl
    ? parseAppUrl(data.appUrl, 'appUrl (APP_URL)')
    : parseAppUrl(brand.appUrl, `brand "${brand.name}" appUrl`);
  const username = data.username;
  // A temporary password must never travel in a URL (logs, referrers): only real codes do.
  const code = trigger === 'AdminCreateUser' ? null : (data.code ?? null);
  const attr = data.userAttributes;
  const security = join(base, 'account/security', {});
  const links: Omit<TemplateLinks, 'primary'> = {
    home: base.href,
    verify: join(base, 'verify', { username, code }),
    reset: join(base, 'reset-password', { username, code }),
    verifyAttribute: join(base, 'verify-attribute', { username, code }),
    signIn: join(base, 'sign-in', { username }),
    security,
    support: `mailto:${brand.supportEmail}`,
    thisWasMe: safeExternal(attr.ONE_CLICK_LINK_VALID) ?? security,
    thisWasNotMe: safeExternal(attr.ONE_CLICK_LINK_INVALID) ?? security,
  };
  return { ...links, primary: links[PRIMARY[trigger]] };
}
