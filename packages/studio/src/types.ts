/** Shapes the studio server hands to its UI (the JSON API) and to the CLI. */
import type { AsSent, AsSentQuery } from '@mailroom/templates';

/** A build problem the overlay shows: where and what. */
export interface BuildProblem {
  /** Path relative to the templates source root, e.g. `templates/sign-up/email.mjml`. */
  file: string;
  line: number | null;
  column: number | null;
  message: string;
  /** A few source lines around `line`, for the overlay's code frame. */
  frame?: { line: number; text: string }[];
}

/** One `check` finding, attached to a template where the check names one. */
export interface Finding {
  severity: 'error' | 'warning' | 'info';
  rule: string;
  message: string;
  templateId: string | null;
  /** Where the check rendered it: `brand · locale · state`, when the check says. */
  context: string | null;
  file: string | null;
  line: number | null;
}

/** One preview state from a template's `preview.json`. */
export interface StudioPreviewState {
  name: string;
  description: string;
  data: Record<string, unknown>;
  /** The event's `callerContext` (its `clientId` picks the brand, as in production). */
  callerContext?: { clientId: string };
}

/** A template as the sidebar lists it. */
export interface StudioTemplate {
  id: string;
  trigger: string;
  triggerSource: string;
  variantOf: string | null;
  variants: string[];
  description: string;
  previewStates: StudioPreviewState[];
}

export interface StudioLocale {
  code: string;
  name: string;
  dir: 'ltr' | 'rtl';
}

export interface StudioBrand {
  name: string;
  displayName: string;
  default: boolean;
  clientIds: string[];
  templates: Record<string, string>;
  defaultLocale: string;
  primaryColor: string | null;
}

/** What the studio asks the workspace to render. */
export interface StudioRenderInput {
  templateId: string;
  locale?: string;
  brand?: string;
  data: Record<string, unknown>;
}

/** A rendered email plus what the preview shows next to it. */
export interface StudioRender {
  templateId: string;
  locale: string;
  brand: string;
  subject: string;
  html: string;
  text: string;
  /** The headers the dispatcher would set (`From`, `Subject`, `X-Mailroom-*`, `Content-Language`). */
  headers: Record<string, string>;
  /** UTF-8 byte size of the HTML part (what Gmail's ~102 KB clip counts). */
  htmlBytes: number;
  renderMs: number;
}

/** Result of one rebuild after a file change. */
export interface RebuildResult {
  version: number;
  /** What was rebuilt: `template:sign-up`, `locales`, `brands`, `all`. */
  scope: string[];
  problems: BuildProblem[];
  ms: number;
}

/**
 * The template source tree as the studio sees it: compiled in-process, rebuilt piecemeal on change.
 * `workspace.ts` implements it over `@mailroom/templates/build`.
 */
export interface Workspace {
  readonly dir: string;
  readonly version: number;
  templates(): StudioTemplate[];
  locales(): StudioLocale[];
  brands(): StudioBrand[];
  problems(): BuildProblem[];
  findings(templateId?: string): Finding[];
  render(input: StudioRenderInput): StudioRender;
  /** Where the dispatcher would send this event (brand, locale, template, and how), via `resolveAsSent`. */
  asSent(query: AsSentQuery): AsSent;
  /** Rebuilds what `changedFiles` (absolute paths) affect. Never throws for template errors. */
  rebuild(changedFiles: string[]): Promise<RebuildResult>;
  /** Re-runs the templates' `check` and returns the findings (kept for `findings()`). */
  refreshChecks(): Promise<Finding[]>;
  /** Stops the checks worker. */
  close(): Promise<void>;
}
