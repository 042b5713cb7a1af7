/**
 * Build-time API (MJML, the Handlebars compiler, file reads). Never import this from run-time code:
 * the dispatcher imports `@mailroom/templates` (the registry) only.
 */

export type {
  CheckFinding,
  CheckOptions,
  CheckReport,
  CheckRow,
  CompatibilityIssue,
  CompatibilityOptions,
  CompatibilityReport,
} from '../check/index.js';
export {
  compatibilityReport,
  formatReport,
  MAJOR_CLIENTS,
  mjmlBaselineFeatures,
  runChecks,
} from '../check/index.js';
export type {
  BuildCache,
  CompiledBuild,
  CompileOptions,
  CompileResult,
  Direction,
  UsedKey,
} from './compile.js';
export { buildTokens, compileTemplate, createBuildCache, includedFiles } from './compile.js';
export type { RegistryAssembler, RegistryParts } from './memory.js';
export { createRegistryAssembler, registryFromBuild } from './memory.js';
export type { BuildOptions, BuildResult } from './registry.js';
export { buildRegistry, writeRegistry } from './registry.js';
export type { BuildIssue } from './sources.js';
export { PACKAGE_ROOT } from './sources.js';
export { htmlToTextTemplate } from './text.js';
