/**
 * The compiled state of a template source tree: the last good compile per template (a broken save keeps the
 * previous preview under the overlay), each template's problems, cross-template problems, brands and locales,
 * and the renderer over all of it (the templates package's registry assembler evaluates each precompiled spec
once however often the registry is reassembled: what the preview renders is what the bundle renders). `fullBuild` goes through the build cache; `recompile` does single templates.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type {
  BuildCache,
  BuildIssue,
  CompileResult,
  Direction,
  RegistryAssembler,
} from '@mailroom/templates/build';
import {
  type BrandMeta,
  createRenderer,
  type RegistryLocale,
  type Renderer,
} from '@mailroom/templates/renderer';
import type { BuildProblem } from '../types.js';
import type { BuildApi } from './build-api.js';
import { toProblem } from './problems.js';

/** One compiled build of a template: the brand and text direction a preview shows. */
export interface Variant {
  templateId: string;
  brand: string;
  dir: Direction;
}

/**
 * Compiles and holds one source tree.
 * @example const sources = new CompiledSources(root, await loadBuildApi(), 'en'); await sources.fullBuild();
 */
export class CompiledSources {
  brands: BrandMeta[] = [];
  locales: RegistryLocale[] = [];
  renderer: Renderer | null = null;
  rendererError: Error | null = null;
  readonly #good = new Map<string, CompileResult>();
  /** A template's last complete good compile while an early one-variant compile stands in for it. */
  readonly #beforeEarly = new Map<string, CompileResult>();
  readonly #templateProblems = new Map<string, BuildIssue[]>();
  #globalProblems: BuildIssue[] = [];
  readonly #cache: BuildCache;
  readonly #assembler: RegistryAssembler;

  constructor(
    readonly root: string,
    readonly build: BuildApi,
    readonly defaultLocale: string,
  ) {
    this.#cache = build.createBuildCache();
    this.#assembler = build.createRegistryAssembler();
  }

  /** Every problem, cross-template ones first. */
  problems(): BuildProblem[] {
    const all = [...this.#globalProblems, ...[...this.#templateProblems.values()].flat()];
    return all.map((issue) => toProblem(this.root, issue));
  }

  /** Compiles everything (through the cache); returns how many templates were really recompiled. */
  async fullBuild(): Promise<number> {
    const result = await this.build.buildRegistry({
      root: this.root,
      write: false,
      cache: this.#cache,
      defaultLocale: this.defaultLocale,
    });
    const ids = new Set(result.templates.map((t) => t.id));
    for (const id of this.#good.keys()) if (!ids.has(id)) this.#good.delete(id);
    for (const id of this.#templateProblems.keys()) if (!ids.has(id)) this.#templateProblems.delete(id);
    const templateErrors = new Set<BuildIssue>();
    for (const t of result.templates) {
      this.#record(t);
      for (const e of t.errors) templateErrors.add(e);
    }
    this.#globalProblems = result.errors.filter((e) => !templateErrors.has(e));
    // Keep the last good brands/locales if a JSON file is mid-edit and unparsable.
    if (result.brands.length > 0) this.brands = result.brands;
    if (result.locales.length > 0) this.locales = result.locales;
    this.#assemble();
    return result.templates.filter((t) => !t.fromCache).length;
  }

  /** Recompiles these templates only (a removed template folder drops the template). */
  async recompile(ids: Iterable<string>): Promise<void> {
    for (const id of ids) {
      if (!existsSync(join(this.root, 'templates', id))) {
        this.#good.delete(id);
        this.#templateProblems.delete(id);
        this.#beforeEarly.delete(id);
        continue;
      }
      this.#record(
        await this.build.compileTemplate(id, { root: this.root, brands: this.brands, cache: this.#cache }),
      );
    }
    this.#assemble();
  }

  /**
   * Recompiles one variant of a template and serves it beside the template's other builds as they were, so a
   * save reaches the preview before the rest compiles (`recompile` follows with the complete result). False
   * (and nothing changed) when the template has no good compile yet, lacks that variant, or the save broke it.
   */
  async recompileVariant(variant: Variant): Promise<boolean> {
    const previous = this.#good.get(variant.templateId);
    const brand = this.brands.find((b) => b.name === variant.brand);
    const at = previous?.builds.findIndex((b) => b.brand === variant.brand && b.dir === variant.dir) ?? -1;
    if (!previous || !brand || at < 0 || !existsSync(join(this.root, 'templates', variant.templateId))) {
      return false;
    }
    const result = await this.build.compileTemplate(variant.templateId, {
      root: this.root,
      brands: [brand],
      dirs: [variant.dir],
    });
    const [fresh] = result.builds;
    if (!result.ok || !fresh) return false;
    const builds = previous.builds.map((b, i) => (i === at ? fresh : b));
    // The mix is provisional: if the complete compile fails (another brand or direction broke), the last
    // complete good compile comes back, never HTML from a source the build rejected.
    if (!this.#beforeEarly.has(variant.templateId)) this.#beforeEarly.set(variant.templateId, previous);
    this.#good.set(variant.templateId, { ...result, builds, files: previous.files });
    this.#assemble();
    return true;
  }

  #record(result: CompileResult): void {
    if (result.errors.length > 0) this.#templateProblems.set(result.id, result.errors);
    else this.#templateProblems.delete(result.id);
    const beforeEarly = this.#beforeEarly.get(result.id);
    this.#beforeEarly.delete(result.id);
    if (result.ok) this.#good.set(result.id, result);
    else if (beforeEarly) this.#good.set(result.id, beforeEarly);
  }

  #assemble(): void {
    try {
      const registry = this.#assembler.assemble({
        templates: this.#good.values(),
        locales: this.locales,
        brands: this.brands,
        defaultLocale: this.defaultLocale,
      });
      this.renderer = createRenderer(registry);
      this.rendererError = null;
    } catch (error) {
      this.rendererError = error as Error;
    }
  }
}
