/**
 * The preview's "Auto (as sent)" pickers: locale and brand resolved from the preview data's event fields
 * exactly as the dispatcher resolves them (the templates package's one `resolveAsSent`), with how.
 */
import type { AsSent } from '@mailroom/templates';
import type { Workspace } from '../types.js';

/** The picker value that means "as the dispatcher would send it". */
export const AUTO = 'auto';

export interface PickedRender {
  locale: string | undefined;
  brand: string | undefined;
  /** Present when either picker is Auto. */
  asSent?: AsSent;
}

function stringRecord(value: unknown): Record<string, string> | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/**
 * The locale and brand to render with: an explicit pick as given, Auto resolved from `data`'s
 * `callerContext.clientId`, `clientMetadata` and `userAttributes`.
 * @example pickLocaleAndBrand(ws, 'forgot-password', data, { locale: 'auto', brand: 'auto' }) // { locale: 'pt', brand: 'default', asSent }
 */
export function pickLocaleAndBrand(
  workspace: Workspace,
  templateId: string,
  data: Record<string, unknown>,
  picked: { locale?: string | undefined; brand?: string | undefined },
): PickedRender {
  if (picked.locale !== AUTO && picked.brand !== AUTO) return { locale: picked.locale, brand: picked.brand };
  const callerContext = stringRecord(data.callerContext);
  const asSent = workspace.asSent({
    templateId,
    clientId: callerContext?.clientId ?? null,
    clientMetadata: stringRecord(data.clientMetadata),
    userAttributes: stringRecord(data.userAttributes),
  });
  return {
    locale: picked.locale === AUTO ? asSent.locale : picked.locale,
    brand: picked.brand === AUTO ? asSent.brand : picked.brand,
    asSent,
  };
}
