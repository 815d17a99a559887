import type { Backend } from "../backends/backend.js";
import { Model2VecBackend } from "../backends/model2vec/model2vec-backend.js";
import { stripLatestTag, type Catalog, type CatalogEntry } from "../config/catalog.js";
import { AppError } from "../errors.js";
import { materializeSource, type SourceOptions } from "./model-source.js";

/** A model ready to run. */
export interface LoadedModel {
  entry: CatalogEntry;
  backend: Backend;
  loadedAt: Date;
  /** How long loading took (0 for later uses): Ollama's `load_duration`. */
  loadDurationMs: number;
}

/** What the registry knows of one catalog entry. */
export interface ModelStatus {
  entry: CatalogEntry;
  loaded: LoadedModel | undefined;
}

/**
 * The catalog's models and their loaded backends. Names resolve by id or alias (`:latest`
 * ignored); a model loads on first use, and concurrent first uses share one load.
 */
export class ModelRegistry {
  readonly #entries: CatalogEntry[];
  readonly #byName = new Map<string, CatalogEntry>();
  readonly #loading = new Map<string, Promise<LoadedModel>>();
  readonly #loaded = new Map<string, LoadedModel>();
  readonly defaultModel: string | undefined;

  constructor(catalog: Catalog, private readonly sources: SourceOptions) {
    this.#entries = catalog.entries;
    this.defaultModel = catalog.defaultModel;
    for (const entry of catalog.entries) {
      for (const name of [entry.id, ...entry.aliases]) this.#byName.set(stripLatestTag(name), entry);
    }
  }

  /** The catalog entry a name refers to ("" means the default model); throws model_not_found. */
  resolve(name: string): CatalogEntry {
    if (name === "" && !this.defaultModel) throw new AppError("invalid_request", "model is required (this server has no default model)", { param: "model" });
    const entry = this.#byName.get(stripLatestTag(name || this.defaultModel!));
    if (!entry) throw new AppError("model_not_found", `model "${name}" not found`, { param: "model" });
    return entry;
  }

  /** The loaded model for a name, loading it first if needed. */
  async acquire(name: string): Promise<{ model: LoadedModel; loadDurationMs: number }> {
    const entry = this.resolve(name);
    const ready = this.#loaded.get(entry.id);
    if (ready) return { model: ready, loadDurationMs: 0 };
    const model = await this.#load(entry);
    return { model, loadDurationMs: model.loadDurationMs };
  }

  /** Every enabled catalog entry with its load state. */
  list(): ModelStatus[] {
    return this.#entries.map((entry) => ({ entry, loaded: this.#loaded.get(entry.id) }));
  }

  /** Unloads every model. */
  async close(): Promise<void> {
    const models = [...this.#loaded.values()];
    this.#loaded.clear();
    await Promise.all(models.map((model) => model.backend.close()));
  }

  #load(entry: CatalogEntry): Promise<LoadedModel> {
    let pending = this.#loading.get(entry.id);
    if (!pending) {
      pending = this.#loadOnce(entry).finally(() => this.#loading.delete(entry.id));
      this.#loading.set(entry.id, pending);
    }
    return pending;
  }

  async #loadOnce(entry: CatalogEntry): Promise<LoadedModel> {
    const started = performance.now();
    const log = this.sources.logger.child({ model: entry.id });
    try {
      const dir = await materializeSource(entry, this.sources);
      const backend = Model2VecBackend.load(dir);
      const model: LoadedModel = { entry, backend, loadedAt: new Date(), loadDurationMs: performance.now() - started };
      this.#loaded.set(entry.id, model);
      log.info({ ms: Math.round(model.loadDurationMs), dimensions: backend.info.dimensions, bytes: backend.info.sizeBytes }, "model loaded");
      return model;
    } catch (error) {
      log.error({ err: error }, "model failed to load");
      throw new AppError("model_load_failed", `model "${entry.id}" failed to load: ${(error as Error).message}`, { cause: error, retryAfterSeconds: 5 });
    }
  }
}
