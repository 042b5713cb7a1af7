/** Stable codes every `TemplateError` carries; callers branch on these, never on messages. */
export const TEMPLATE_ERROR_CODES = [
  'TEMPLATE_NOT_FOUND',
  'LOCALE_NOT_FOUND',
  'BRAND_NOT_FOUND',
  'MISSING_VARIABLE',
  'MISSING_TRANSLATION',
  'INVALID_LINK',
  'REGISTRY_NOT_BUILT',
] as const;
export type TemplateErrorCode = (typeof TEMPLATE_ERROR_CODES)[number];

/**
 * Everything the registry throws at run time. Messages name the template, locale or variable and how to
 * fix it; they never contain user data (codes, passwords, attribute values).
 * @example
 * try { render(input) } catch (err) { if (err instanceof TemplateError && err.code === 'MISSING_VARIABLE') … }
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly code: TemplateErrorCode;
  /** Extra structured detail (template id, variable name, …) for logs; never secrets. */
  readonly details: Record<string, string>;

  constructor(
    code: TemplateErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, string> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details ?? {};
  }
}
