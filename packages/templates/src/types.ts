import type { TriggerName, TriggerSource } from '@mailroom/shared-types';

/**
 * Per-user data for one email — what the dispatcher knows after decrypting the event.
 * Everything here is untrusted: the registry HTML-escapes it in the HTML part and strips control
 * characters from the subject.
 */
export interface TemplateInput {
  /** Decrypted `request.code`: confirmation/reset/OTP code, or the temporary password (AdminCreateUser). */
  code?: string | null;
  /** Cognito `userName` (often a UUID for email-alias pools). */
  username: string;
  /** Recipient address; defaults to `userAttributes.email`. */
  email?: string;
  /** Cognito user attributes (`given_name`, `locale`, the account-take-over fields, …). */
  userAttributes: Record<string, string>;
  /** `request.clientMetadata` (only SignUp, ForgotPassword, Authentication; often null). */
  clientMetadata?: Record<string, string> | null;
  /** Base URL for links (`APP_URL`); defaults to the brand's `appUrl`. */
  appUrl?: string;
}

/** What `render()` needs: a trigger (routed through the brand's overrides) or an explicit template id. */
export interface RenderInput {
  trigger?: TriggerName | TriggerSource;
  templateId?: string;
  /** Explicit locale (`pt-BR` falls back to `pt`); negotiated from the data when omitted. */
  locale?: string;
  /** Brand name; resolved from `clientMetadata.brand`, else the default brand, when omitted. */
  brand?: string;
  data: TemplateInput;
}

/** Brand colours: static, compiled into the HTML at build time (strict MJML rejects `{{…}}` in colours). */
export interface BrandColors {
  /** Buttons, links, accents. */
  primary: string;
  /** Text on `primary` (button labels). */
  onPrimary: string;
  /** Page background around the card. */
  background: string;
  /** Card background. */
  surface: string;
  /** Body text. */
  text: string;
  /** Secondary text (footers, hints). */
  muted: string;
  /** Code box background. */
  codeBackground: string;
  /** Warnings (account take-over). */
  danger: string;
}

/** A brand as configured in `brands/<name>.json`. */
export interface BrandMeta {
  /** File name without `.json`; what `render({ brand })` takes. */
  name: string;
  /** Shown to users ("Mailroom", "Acme"). */
  displayName: string;
  colors: BrandColors;
  /** https URL of the logo image. */
  logoUrl: string;
  logoWidth: number;
  supportEmail: string;
  /** Default base URL for links when `APP_URL` is not given. */
  appUrl: string;
  defaultLocale: string;
  /** Cognito app client ids that select this brand (`callerContext.clientId`). */
  clientIds: string[];
  /** Per-trigger template overrides, e.g. `{ "SignUp": "welcome-rich" }`. */
  templates: Partial<Record<TriggerName, string>>;
  /** Exactly one brand is the default (admin operations carry `CLIENT_ID_NOT_APPLICABLE`). */
  default: boolean;
  /** Postal/legal line for the footer. */
  legalName: string;
}

/** The event's `callerContext` fields a preview state can set (they pick the brand, as in production). */
export interface PreviewCallerContext {
  /** `callerContext.clientId`: the app client (`CLIENT_ID_NOT_APPLICABLE` for admin operations). */
  clientId: string;
}

/**
 * One named preview state from `preview.json`. Together with `data.clientMetadata` and
 * `data.userAttributes.locale`, `callerContext` is what `resolveAsSent` reads, so a state previews the
 * brand and locale the dispatcher would send it in.
 */
export interface PreviewState {
  name: string;
  description: string;
  callerContext?: PreviewCallerContext;
  data: TemplateInput;
}

/** What `listTemplates()` reports per template. */
export interface TemplateMeta {
  id: string;
  trigger: TriggerName;
  triggerSource: TriggerSource;
  /** Set for variants: the default template this one replaces when a brand opts in. */
  variantOf: string | null;
  /** Ids of variants of this template (empty for variants themselves). */
  variants: string[];
  description: string;
  /** Names of its preview states. */
  previewStates: string[];
}

/** The links `render()` builds for templates (`{{links.verify}}` …); code and username URL-encoded. */
export interface TemplateLinks {
  home: string;
  /** The call to action of this trigger (verify, reset, sign-in, security …). */
  primary: string;
  verify: string;
  reset: string;
  verifyAttribute: string;
  signIn: string;
  security: string;
  support: string;
  /** Account take-over: Cognito's one-click links (`ONE_CLICK_LINK_VALID` / `_INVALID`); else security page. */
  thisWasMe: string;
  thisWasNotMe: string;
}

/** The full Handlebars context every template receives. */
export interface TemplateContext {
  code: string | null;
  username: string;
  email: string;
  /** `given_name`, else `name`, else `username`. */
  displayName: string;
  userAttributes: Record<string, string>;
  clientMetadata: Record<string, string>;
  trigger: { name: TriggerName; source: TriggerSource };
  locale: { code: string; dir: 'ltr' | 'rtl'; name: string };
  brand: BrandMeta;
  links: TemplateLinks;
  /** Account take-over details ("unknown" already localized); `blocked` when Cognito blocked the sign-in. */
  event: { time: string; place: string; device: string; ip: string; blocked: boolean };
}

/** A precompiled Handlebars template bound to the registry's runtime. */
export type CompiledTemplate = (context: unknown, options?: { data?: Record<string, unknown> }) => string;

export interface RegistryTemplate {
  id: string;
  trigger: TriggerName;
  variantOf: string | null;
  description: string;
  previewStates: PreviewState[];
  subject: CompiledTemplate;
  /** Keyed `<brand>:<dir>` (brand colours and text direction are compiled in). */
  html: Record<string, CompiledTemplate>;
  text: Record<string, CompiledTemplate>;
}

export interface RegistryLocale {
  code: string;
  name: string;
  dir: 'ltr' | 'rtl';
  /** Flattened catalog: `sign-up.subject` → "Confirm your {brand} account". */
  messages: Record<string, string>;
}

/** Minimal view of the Handlebars runtime environment the registry module creates. */
export interface RegistryRuntime {
  registerHelper(name: string, fn: (...args: never[]) => unknown): void;
  SafeString: new (value: string) => { toString(): string };
  escapeExpression(value: unknown): string;
}

/** The shape of the generated `dist/registry.js` module. */
export interface RegistryModule {
  formatVersion: 1;
  runtime: RegistryRuntime;
  defaultLocale: string;
  templates: Record<string, RegistryTemplate>;
  locales: Record<string, RegistryLocale>;
  brands: Record<string, BrandMeta>;
}
