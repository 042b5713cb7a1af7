/**
 * Who may use the studio. "Send test" can send real mail with the provider keys in the environment, and the
 * outbox holds codes, so:
 * - **Host allow-list, in every mode**: loopback names, this machine's host name and interface addresses, the
 *   address it listens on, and `--allowed-host` names. A DNS-rebinding page (its own name resolving to us)
 *   sends its own name as Host and is refused.
 * - **Origin**: a browser request from another origin than the Host it addressed is refused.
 * - **Per-run token when bound to a non-loopback address** (`0.0.0.0`, `::`, a LAN IP): anyone on the network
 *   can forge a Host, so every `/api` route (reads included) and `/events` also need the token the studio
 *   prints in its URL (`/?token=…`, as Jupyter does). Opening that URL sets it as an HttpOnly, SameSite=Strict
 *   cookie, so the page's own requests carry it; scripts may send `x-mailroom-token` or `?token=` instead.
 * - **Writes are JSON**, which a cross-site form or `no-cors` fetch cannot send without a preflight we never
 *   grant.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { hostname as machineHostname, networkInterfaces } from 'node:os';

/** The cookie the tokenized URL sets. */
export const TOKEN_COOKIE = 'mailroom_studio_token';
/** Header a script may send the token in. */
export const TOKEN_HEADER = 'x-mailroom-token';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** What the studio enforces for one run. */
export interface AccessPolicy {
  /** Host names (lower case, IPv6 in brackets, no port) requests may address. */
  readonly allowedHosts: ReadonlySet<string>;
  /** Required on `/api` and `/events` when bound to a non-loopback address; `undefined` on loopback. */
  readonly token: string | undefined;
}

/** A refusal, with the status and a message that says what to do. */
export interface AccessDenied {
  status: 401 | 403 | 415;
  message: string;
}

/**
 * Normalises a host as it appears in a Host header: lower case, IPv6 literals in brackets, no trailing dot.
 * @example normalizeHost('::1') // '[::1]'
 */
export function normalizeHost(host: string): string {
  const trimmed = host.trim().toLowerCase().replace(/\.$/, '');
  const bare = trimmed.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  return isIP(bare) === 6 ? `[${bare}]` : trimmed;
}

/**
 * Whether `host` (an address to listen on) is loopback only.
 * @example isLoopbackHost('127.0.0.1') // true
 * @example isLoopbackHost('0.0.0.0') // false
 */
export function isLoopbackHost(host: string): boolean {
  const name = normalizeHost(host);
  return name === 'localhost' || name === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/**
 * The policy for a studio listening on `listenHost`.
 * @example const policy = createAccessPolicy({ listenHost: '0.0.0.0', allowedHosts: ['studio.lan'] });
 */
export function createAccessPolicy(options: {
  listenHost: string;
  allowedHosts?: readonly string[] | undefined;
  /** Fixed token (tests); default a fresh random one when bound to a non-loopback address. */
  token?: string | undefined;
}): AccessPolicy {
  const hosts = new Set<string>(LOOPBACK_NAMES);
  const add = (host: string | undefined): void => {
    if (host && host.trim() !== '') hosts.add(normalizeHost(host));
  };
  const wildcard = ['0.0.0.0', '[::]'].includes(normalizeHost(options.listenHost));
  if (!wildcard) add(options.listenHost);
  const name = machineHostname();
  add(name);
  if (name && !name.includes('.')) add(`${name}.local`);
  for (const list of Object.values(networkInterfaces())) for (const entry of list ?? []) add(entry.address);
  for (const host of options.allowedHosts ?? []) add(host);
  const token = isLoopbackHost(options.listenHost)
    ? undefined
    : (options.token ?? randomBytes(24).toString('base64url'));
  return { allowedHosts: hosts, token };
}

/** The host part of a Host header (`[::1]:3000` → `[::1]`, `Studio.LAN:80` → `studio.lan`). */
function hostPart(header: string): string {
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d*)?$/.exec(header.trim());
  return normalizeHost(match?.[1] ?? header);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function sameToken(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function needsToken(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/events';
}

function hostRefusal(req: IncomingMessage, policy: AccessPolicy): AccessDenied | undefined {
  const hostHeader = (req.headers.host ?? '').trim().toLowerCase();
  if (policy.allowedHosts.has(hostPart(hostHeader))) return undefined;
  return {
    status: 403,
    message:
      `requests for host "${hostHeader.slice(0, 100)}" are refused; open the studio at its printed URL ` +
      '(or allow this name with --allowed-host)',
  };
}

function originRefusal(req: IncomingMessage): AccessDenied | undefined {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return undefined;
  let originHost = '';
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    // An unparsable Origin is treated as foreign below.
  }
  if (originHost === (req.headers.host ?? '').trim().toLowerCase()) return undefined;
  return { status: 403, message: `cross-origin request from ${origin.slice(0, 100)} refused` };
}

/** With a token: refuses an API call without it; sets the cookie when the page URL carries it. */
function tokenVerdict(req: IncomingMessage, url: URL, token: string): AccessDenied | { setCookie?: string } {
  const fromQuery = url.searchParams.get('token') ?? undefined;
  const header = req.headers[TOKEN_HEADER];
  const presented =
    (typeof header === 'string' ? header : undefined) ??
    fromQuery ??
    cookieValue(req.headers.cookie, TOKEN_COOKIE);
  const valid = sameToken(presented, token);
  if (needsToken(url.pathname) && !valid) {
    return {
      status: 401,
      message:
        'this studio listens on a network address: open it at the URL it printed (with ?token=…), ' +
        `or send the token as ${TOKEN_HEADER}`,
    };
  }
  if (valid && fromQuery !== undefined && !needsToken(url.pathname)) {
    return { setCookie: `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict` };
  }
  return {};
}

/**
 * Checks one request against the policy: `undefined` when allowed, else why not. `setCookie` is returned for
 * the tokenized page URL, so the browser carries the token from then on.
 * @example
 * const verdict = checkAccess(req, url, policy);
 * if ('status' in verdict) throw new HttpError(verdict.status, verdict.message);
 */
export function checkAccess(
  req: IncomingMessage,
  url: URL,
  policy: AccessPolicy,
): AccessDenied | { setCookie?: string } {
  const refused = hostRefusal(req, policy) ?? originRefusal(req);
  if (refused) return refused;
  const verdict = policy.token === undefined ? {} : tokenVerdict(req, url, policy.token);
  if ('status' in verdict) return verdict;
  if ((req.method ?? 'GET') === 'POST' && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    return { status: 415, message: 'send JSON with content-type: application/json' };
  }
  return verdict;
}
