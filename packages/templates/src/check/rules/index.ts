import type { CheckRule } from '../rule.js';
import { attributeValueRule } from './attribute-value.js';
import { buildRule } from './build.js';
import { compatRule } from './compat.js';
import { coverageRule } from './coverage.js';
import { externalResourceRule } from './external-resource.js';
import { handBuiltLinkRule } from './hand-built-link.js';
import { handlebarsRule } from './handlebars.js';
import { htmlCodeRule } from './html-code.js';
import { imgAltRule } from './img-alt.js';
import { includeRule } from './include.js';
import { insecureLinkRule } from './insecure-link.js';
import { jsonRule } from './json.js';
import { literalProseRule } from './literal-prose.js';
import { missingTranslationRule } from './missing-translation.js';
import { placeholderRule } from './placeholder.js';
import { placementRule } from './placement.js';
import { rawOutputRule } from './raw-output.js';
import { renderRule } from './render.js';
import { sizeRule } from './size.js';
import { structureRule } from './structure.js';
import { subjectRule } from './subject.js';
import { textPartRule } from './text-part.js';
import { unknownMarkupRule } from './unknown-markup.js';
import { variableRule } from './variable.js';

/**
 * Every rule the check runs, in the order it runs them and the CLI lists their findings: the sources as
 * written first (structure, includes, MJML, Handlebars, JSON, catalogs, policy), then what the renderings
 * show.
 * @example RULES.map((r) => r.id) // ['structure', 'include', 'placement', …]
 */
export const RULES: readonly CheckRule[] = [
  structureRule,
  includeRule,
  placementRule,
  unknownMarkupRule,
  attributeValueRule,
  handlebarsRule,
  jsonRule,
  buildRule,
  coverageRule,
  missingTranslationRule,
  placeholderRule,
  rawOutputRule,
  literalProseRule,
  handBuiltLinkRule,
  variableRule,
  renderRule,
  subjectRule,
  sizeRule,
  imgAltRule,
  insecureLinkRule,
  externalResourceRule,
  htmlCodeRule,
  textPartRule,
  compatRule,
];

export {
  attributeValueRule,
  buildRule,
  compatRule,
  coverageRule,
  externalResourceRule,
  handBuiltLinkRule,
  handlebarsRule,
  htmlCodeRule,
  imgAltRule,
  includeRule,
  insecureLinkRule,
  jsonRule,
  literalProseRule,
  missingTranslationRule,
  placeholderRule,
  placementRule,
  rawOutputRule,
  renderRule,
  sizeRule,
  structureRule,
  subjectRule,
  textPartRule,
  unknownMarkupRule,
  variableRule,
};
