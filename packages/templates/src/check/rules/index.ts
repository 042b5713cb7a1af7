import type { CheckRule } from '../rule.js';
import { buildRule } from './build.js';
import { coverageRule } from './coverage.js';
import { imgAltRule } from './img-alt.js';
import { insecureLinkRule } from './insecure-link.js';
import { missingTranslationRule } from './missing-translation.js';
import { placeholderRule } from './placeholder.js';
import { renderRule } from './render.js';
import { sizeRule } from './size.js';
import { subjectRule } from './subject.js';
import { textPartRule } from './text-part.js';

/**
 * Every rule the check runs, in the order it runs them and the CLI lists their findings: sources first
 * (build, coverage, translations), then what the renderings show.
 * @example RULES.map((r) => r.id) // ['build', 'coverage', 'missing-translation', …]
 */
export const RULES: readonly CheckRule[] = [
  buildRule,
  coverageRule,
  missingTranslationRule,
  placeholderRule,
  renderRule,
  sizeRule,
  imgAltRule,
  insecureLinkRule,
  subjectRule,
  textPartRule,
];

export {
  buildRule,
  coverageRule,
  imgAltRule,
  insecureLinkRule,
  missingTranslationRule,
  placeholderRule,
  renderRule,
  sizeRule,
  subjectRule,
  textPartRule,
};
