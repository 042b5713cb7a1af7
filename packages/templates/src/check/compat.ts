import { caniemail, rawData } from 'caniemail';
import mjml2html from 'mjml';

/** The clients the issue tracker calls major: Gmail web and apps, Outlook Windows/Mac/web, Apple Mail, Yahoo. */
export const MAJOR_CLIENTS = [
  'gmail.desktop-webmail',
  'gmail.ios',
  'gmail.android',
  'outlook.windows',
  'outlook.macos',
  'outlook.outlook-com',
  'apple-mail.macos',
  'apple-mail.ios',
  'yahoo.desktop-webmail',
  'yahoo.ios',
  'yahoo.android',
] as const;

/** One HTML/CSS feature the email uses that some clients do not (or only partly) support. */
export interface CompatibilityIssue {
  /** caniemail's feature title (`<link> element`, `word-break`, `display:flex`). */
  feature: string;
  support: 'none' | 'partial';
  /** The clients concerned, by display name (`Outlook Windows`, `Gmail Desktop Webmail`). */
  clients: string[];
  /** The caniemail.com page of the feature. */
  url: string;
  /** caniemail's notes for those clients, once each. */
  notes: string[];
}

export interface CompatibilityReport {
  clients: readonly string[];
  issues: CompatibilityIssue[];
}

export interface CompatibilityOptions {
  /** caniemail client ids or globs (default `MAJOR_CLIENTS`). */
  clients?: readonly string[];
  /** Also list partly supported features (default false: unsupported only). */
  partial?: boolean;
}

const URLS = new Map(rawData.data.map((f: { title: string; url: string }) => [f.title, f.url]));

function niceName(client: string): string {
  const [family = '', platform = ''] = client.split('.');
  const names = rawData.nicenames as { family?: Record<string, string>; platform?: Record<string, string> };
  return `${names.family?.[family] ?? family} ${names.platform?.[platform] ?? platform}`.trim();
}

type Found = Map<string, { notes: string[]; title: string; support: string }[]>;

function collect(
  found: Found,
  support: CompatibilityIssue['support'],
  into: Map<string, CompatibilityIssue>,
) {
  for (const [client, list] of found) {
    for (const issue of list) {
      const key = `${support}\0${issue.title}`;
      const entry = into.get(key) ?? {
        feature: issue.title,
        support,
        clients: [],
        url: URLS.get(issue.title) ?? 'https://www.caniemail.com/',
        notes: [],
      };
      if (!entry.clients.includes(niceName(client))) entry.clients.push(niceName(client));
      for (const note of issue.notes) if (!entry.notes.includes(note)) entry.notes.push(note);
      into.set(key, entry);
    }
  }
}

/**
 * The HTML and CSS features an email uses that major clients do not support (caniemail.com's data, MIT),
 * one entry per feature naming the clients and the caniemail page. Synchronous; about 30–200 ms per email.
 * For the studio's compatibility panel and the `compat` check rule.
 * @example compatibilityReport('<div style="display:flex">…</div>').issues[0] // { feature: 'display:flex', clients: ['Outlook Windows', …], url: 'https://www.caniemail.com/features/css-display-flex/', … }
 */
export function compatibilityReport(html: string, opts: CompatibilityOptions = {}): CompatibilityReport {
  const clients = opts.clients ?? MAJOR_CLIENTS;
  const { issues } = caniemail({ clients: [...clients] as never, html });
  const found = new Map<string, CompatibilityIssue>();
  collect(issues.errors as unknown as Found, 'none', found);
  if (opts.partial) collect(issues.warnings as unknown as Found, 'partial', found);
  return { clients, issues: [...found.values()] };
}

let baseline: Promise<Set<string>> | null = null;

/**
 * The unsupported features any MJML email has whatever the designer writes (MJML's own reset CSS, its
 * Outlook tables, `target` on buttons): compiled once from a minimal document, so the check can report
 * only what a template adds.
 * @example (await mjmlBaselineFeatures()).has('<body> element') // true
 */
export function mjmlBaselineFeatures(): Promise<Set<string>> {
  baseline ??= (async () => {
    const minimal =
      '<mjml><mj-head><mj-title>t</mj-title><mj-preview>p</mj-preview></mj-head><mj-body><mj-section><mj-column>' +
      '<mj-text>t</mj-text><mj-button href="https://x.example">b</mj-button>' +
      '<mj-image src="https://x.example/a.png" alt="a" href="https://x.example" />' +
      '</mj-column></mj-section></mj-body></mjml>';
    const { html } = await mjml2html(minimal, { validationLevel: 'strict', fonts: {} } as Parameters<
      typeof mjml2html
    >[1]);
    return new Set(compatibilityReport(html).issues.map((i) => i.feature));
  })();
  return baseline;
}
