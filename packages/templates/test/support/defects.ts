import type { Edit } from './check.js';

/** One seeded defect: what issue 16 item 1 asks `check` to refuse, planted in the probe fixture. */
export interface SeededDefect {
  /** The defect as issue 16 item 1 names it. */
  defect: string;
  /** The check rule that must report it. */
  rule: string;
  /** Edits to the probe fixture root (paths relative to it). */
  edits: Record<string, Edit>;
  /** Where the error must point: file relative to the root, 1-based line (null only for a missing file). */
  file: string;
  line: number | null;
}

const EMAIL = 'templates/probe/email.mjml';
const BODY = '<mj-body background-color="[[brand.colors.background]]">';
const afterBody = (insert: string) => (t: string) => t.replace(BODY, (m) => `${m}\n    ${insert}`);
const afterHelp = (insert: string) => (t: string) => t.replace('">Help</a>', `">Help</a>${insert}`);
const FONT = 'https://fonts.example.com/css?family=Inter';

/**
 * The corpus: at least one defect per rule of issue 16 item 1, each of which alone must make `check`
 * exit non-zero naming its file and line (`test/e2e/seeded-defects.test.ts` runs the CLI on each).
 * @example for (const d of SEEDED_DEFECTS) probeRoot(d.rule, d.edits)
 */
export const SEEDED_DEFECTS: readonly SeededDefect[] = [
  {
    defect: 'an unclosed MJML tag (MJML would close it silently)',
    rule: 'structure',
    edits: { [EMAIL]: (t) => t.replace('code={{code}}</mj-text>', 'code={{code}}') },
    file: EMAIL,
    line: 12,
  },
  {
    defect: 'misnested tags inside an ending tag',
    rule: 'structure',
    edits: { [EMAIL]: (t) => t.replace('">Help</a>', '"><strong>Help</a></strong>') },
    file: EMAIL,
    line: 14,
  },
  {
    defect: 'an mj-include that resolves to nothing',
    rule: 'include',
    edits: {
      'partials/empty.mjml': '<!-- nothing yet -->\n',
      [EMAIL]: afterBody('<mj-include path="../../partials/empty.mjml" />'),
    },
    file: EMAIL,
    line: 9,
  },
  {
    defect: 'an mj-include of a missing file',
    rule: 'include',
    edits: { [EMAIL]: afterBody('<mj-include path="../../partials/missing.mjml" />') },
    file: EMAIL,
    line: 9,
  },
  {
    defect: 'MJML placed where it cannot render',
    rule: 'placement',
    edits: { [EMAIL]: afterBody('<mj-text>{{t ".cta"}}</mj-text>') },
    file: EMAIL,
    line: 9,
  },
  {
    defect: 'an unknown tag',
    rule: 'unknown-markup',
    edits: {
      [EMAIL]: (t) => t.replace('<mj-button href', '<mj-buton href').replace('</mj-button>', '</mj-buton>'),
    },
    file: EMAIL,
    line: 13,
  },
  {
    defect: 'an unknown attribute',
    rule: 'unknown-markup',
    edits: { [EMAIL]: (t) => t.replace('<mj-button href', '<mj-button colour="red" href') },
    file: EMAIL,
    line: 13,
  },
  {
    defect: 'an invalid colour',
    rule: 'attribute-value',
    edits: { [EMAIL]: (t) => t.replace('<mj-text css-class', '<mj-text color="#12" css-class') },
    file: EMAIL,
    line: 12,
  },
  {
    defect: 'an invalid unit',
    rule: 'attribute-value',
    edits: { [EMAIL]: (t) => t.replace('<mj-button href', '<mj-button font-size="12pt" href') },
    file: EMAIL,
    line: 13,
  },
  {
    defect: 'a Handlebars syntax error',
    rule: 'handlebars',
    edits: { 'templates/probe/subject.hbs': (t) => t.replace('displayName}}', 'displayName}') },
    file: 'templates/probe/subject.hbs',
    line: 1,
  },
  {
    defect: 'raw output {{{…}}}',
    rule: 'raw-output',
    edits: { [EMAIL]: (t) => t.replace('code={{code}}', 'code={{{code}}}') },
    file: EMAIL,
    line: 12,
  },
  {
    defect: 'raw output {{&…}}',
    rule: 'raw-output',
    edits: { 'templates/probe/subject.hbs': (t) => `{{&username}} ${t}` },
    file: 'templates/probe/subject.hbs',
    line: 1,
  },
  {
    defect: 'a subject template that can put CR/LF into the subject',
    rule: 'subject',
    edits: { 'templates/probe/subject.hbs': (t) => `${t.trim()}\n{{code}}\n` },
    file: 'templates/probe/subject.hbs',
    line: 1,
  },
  {
    defect: 'a translation that puts CR/LF into a subject',
    rule: 'subject',
    edits: {
      'locales/fr.json': (t) =>
        t.replace(
          '"subject": "Bonjour {name} de {brand}"',
          '"subject": "Bonjour {name}\\r\\nBcc: x@example.com"',
        ),
    },
    file: 'locales/fr.json',
    line: 3,
  },
  {
    defect: 'a missing subject',
    rule: 'subject',
    edits: { 'templates/probe/subject.hbs': null },
    file: 'templates/probe/subject.hbs',
    // The file to create: it has no line yet.
    line: null,
  },
  {
    defect: 'an empty subject',
    rule: 'subject',
    edits: { 'templates/probe/subject.hbs': '\n' },
    file: 'templates/probe/subject.hbs',
    line: 1,
  },
  {
    defect: 'a catalog that does not parse',
    rule: 'json',
    edits: { 'locales/fr.json': (t) => t.replace('"cta": "Ouvrir"', '"cta": "Ouvrir",') },
    file: 'locales/fr.json',
    line: 3,
  },
  {
    defect: 'a brand file without a required field (JSON path)',
    rule: 'json',
    edits: { 'brands/default.json': (t) => t.replace('"primary": "#123456", ', '') },
    file: 'brands/default.json',
    line: 4,
  },
  {
    defect: 'a preview state without a required field (JSON path)',
    rule: 'json',
    edits: { 'templates/probe/preview.json': (t) => t.replace('"username": "probe-user", ', '') },
    file: 'templates/probe/preview.json',
    line: 7,
  },
  {
    defect: 'the HTML part of a code-carrying trigger shows the code only inside a URL',
    rule: 'html-code',
    edits: { [EMAIL]: (t) => t.replace(' code={{code}}', '') },
    file: EMAIL,
    line: 13,
  },
  {
    defect: 'the text part of a code-carrying trigger does not show the code',
    rule: 'text-part',
    edits: { 'templates/probe/text.hbs': '{{t ".greeting"}}\n{{links.home}}\n' },
    file: 'templates/probe/text.hbs',
    line: 1,
  },
  {
    defect: 'a locale missing keys others have',
    rule: 'missing-translation',
    edits: { 'locales/en.json': (t) => t.replace('"cta": "Open"', '"cta": "Open", "footer": "Thanks"') },
    file: 'locales/fr.json',
    line: 3,
  },
  {
    defect: 'literal prose instead of a catalog key',
    rule: 'literal-prose',
    edits: { [EMAIL]: (t) => t.replace('">Help</a>', '">Get help now</a>') },
    file: EMAIL,
    line: 14,
  },
  {
    defect: 'a link built by hand with the code in the URL',
    rule: 'hand-built-link',
    edits: { [EMAIL]: (t) => t.replace('help?plan={{userAttributes.plan}}', 'verify?code={{code}}') },
    file: EMAIL,
    line: 14,
  },
  {
    defect: 'a variable used only inside a branch no preview state enters',
    rule: 'variable',
    edits: { [EMAIL]: afterHelp(' {{#if clientMetadata.vip}}{{clientMetadata.tier}}{{/if}}') },
    file: EMAIL,
    line: 14,
  },
  {
    defect: 'a variable that is not in the typed data model',
    rule: 'variable',
    edits: { [EMAIL]: afterHelp(' <a href="{{links.verfy}}">{{t ".cta"}}</a>') },
    file: EMAIL,
    line: 14,
  },
  {
    defect: 'an external font the brand did not ask for',
    rule: 'external-resource',
    edits: {
      [EMAIL]: (t) =>
        t
          .replace('<mj-style>', `<mj-font name="Inter" href="${FONT}" />\n    <mj-style>`)
          .replace(
            '<mj-text css-class="probe-css">',
            '<mj-text css-class="probe-css" font-family="Inter, Arial">',
          ),
    },
    file: EMAIL,
    line: 4,
  },
];
