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
  /** The page's main preview (not a thumbnail): a save of this template recompiles this variant first. */
  live?: boolean;
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

/**
 * When each step of a live reload happened, in epoch milliseconds (`performance.timeOrigin + performance.now()`,
 * fractional), so a page or a test on the same machine can line its own timestamps up with them.
 */
export interface RebuildTiming {
  /** The watcher saw the first change of this batch. */
  changedAt: number;
  /** The rebuild started (after the burst window, and after any rebuild still running). */
  startedAt: number;
  /** The compile finished: the renderer serves the new templates from here on. */
  compiledAt: number;
  /** The `build` event went to the open pages. */
  sentAt: number;
}

/** Result of one rebuild after a file change. */
export interface RebuildResult {
  version: number;
  /** What was rebuilt: `template:sign-up`, `locales`, `brands`, `all`. */
  scope: string[];
  problems: BuildProblem[];
  /**
   * False for the early result that updated only the variant the page's preview shows (its template's other
   * brands and directions as they were); the complete result follows.
   */
  complete: boolean;
  /** The templates the studio serves after it (a page whose template is still there re-renders at once). */
  templateIds: string[];
  /** The compile's own time. */
  ms: number;
  /** Each step's time, set by the watcher (absent on a rebuild nobody watched for). */
  timing?: RebuildTiming;
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
  /**
   * Rebuilds what `changedFiles` (absolute paths) affect. Never throws for template errors. When a saved
   * template is the one the page's preview shows (`render({ live: true })`), that variant is compiled first and
   * `early` gets its result before the rest compiles.
   */
  rebuild(changedFiles: string[], early?: (result: RebuildResult) => void): Promise<RebuildResult>;
  /** Re-runs the templates' `check` and returns the findings (kept for `findings()`). */
  refreshChecks(): Promise<Finding[]>;
  /** Stops the checks worker. */
  close(): Promise<void>;
}
