/**
 * Helpers for the adapters' `parseEnv`: read a variable once, say exactly which one is missing or malformed,
 * and hand back either typed settings or every problem. Nothing here loads an SDK.
 */
export type Env = Readonly<Record<string, string | undefined>>;

/** What a provider's `parseEnv` returns: its typed settings, or every problem with its variables. */
export type ParsedEnv<C> = { config: C } | { problems: string[] };

/**
 * The settings when there was no problem, else the problems.
 * @example parsedEnv({ apiKey: 'k' }, []) // { config: { apiKey: 'k' } }
 */
export function parsedEnv<C>(config: C, problems: readonly string[]): ParsedEnv<C> {
  return problems.length > 0 ? { problems: [...problems] } : { config };
}

/**
 * A variable's trimmed value; `undefined` when unset or blank.
 * @example envValue({ X: '  a ' }, 'X') // 'a'
 */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * A variable the provider cannot work without; records `NAME is required for provider p` (plus `hint`) and
 * answers `''` when it is missing.
 * @example requireEnv({}, 'BREVO_API_KEY', 'brevo', problems) // '' (problem recorded)
 */
export function requireEnv(env: Env, name: string, provider: string, problems: string[], hint = ''): string {
  const value = envValue(env, name);
  if (value === undefined)
    problems.push(`${name} is required for provider ${provider}${hint ? ` (${hint})` : ''}`);
  return value ?? '';
}

/**
 * True when `value` parses as an absolute http(s) URL.
 * @example isHttpUrl('https://api.brevo.com/v3') // true
 */
export function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * An optional base-URL override (stand-ins, proxies, regions): `undefined` when unset, the value without
 * trailing slashes when it is an http(s) URL, else a problem naming the variable and an example.
 * @example httpBaseUrl({ BREVO_API_URL: 'x' }, 'BREVO_API_URL', 'https://api.brevo.com/v3', problems)
 */
export function httpBaseUrl(env: Env, name: string, example: string, problems: string[]): string | undefined {
  const value = envValue(env, name);
  if (value === undefined) return undefined;
  if (!isHttpUrl(value)) problems.push(`${name}: expected an http(s) base URL like ${example}`);
  return value.replace(/\/+$/, '');
}
