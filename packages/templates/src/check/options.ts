import { HTML_SIZE_FAIL_BYTES, HTML_SIZE_WARN_BYTES } from '@mailroom/shared-types';
import { PACKAGE_ROOT } from '../build/sources.js';

export interface CheckOptions {
  /** Package root holding templates/, locales/, brands/ (default: this package). */
  root?: string;
  defaultLocale?: string;
  /** Size thresholds in bytes (default 80 KB warning, 102 KB error: Gmail clips around 102 KB). */
  warnBytes?: number;
  failBytes?: number;
  /** Every Cognito trigger must have its default template (default true; fixtures turn it off). */
  requireAllTriggers?: boolean;
}

/** `CheckOptions` with every default applied: what rules read. */
export type ResolvedCheckOptions = Required<CheckOptions>;

/**
 * Applies the defaults (this package, `en`, 80 KB / 102 KB, every trigger required).
 * @example resolveCheckOptions({ warnBytes: 4096 }).failBytes // 104448
 */
export function resolveCheckOptions(opts: CheckOptions = {}): ResolvedCheckOptions {
  return {
    root: opts.root ?? PACKAGE_ROOT,
    defaultLocale: opts.defaultLocale ?? 'en',
    warnBytes: opts.warnBytes ?? HTML_SIZE_WARN_BYTES,
    failBytes: opts.failBytes ?? HTML_SIZE_FAIL_BYTES,
    requireAllTriggers: opts.requireAllTriggers !== false,
  };
}
