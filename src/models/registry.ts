import type { Backend } from "../backends/backend.js";
import { stripLatestTag, type Catalog, type CatalogEntry } from "../config/catalog.js";
import { AppError } from "../errors.js";
import { loadBackend } from "./backend-loader.js";
import { parseKeepAlive, type KeepAliveMs } from "./keep-alive.js";
import { materializeSource, type SourceOptions } from "./model-source.js";

/** A model in memory. */
export interface LoadedModel {
  entry: CatalogEntry;
  backend: Backend;
  loadedAt: Date;
  /** How long loading took: Ollama's `load_duration` for the request that loaded it. */
  loadDurationMs: number;
  lastUsedAt: number;
  /** Requests using the model right now; it never unloads while this is above 0. */
  inUse: number;
  /** When it unloads if unused; undefined = never. */
  expiresAt: Date | undefined;
}

/** Use of a loaded model by one request; give it back with `release`. */
export interface ModelLease {
  model: LoadedModel;
  /** Time this request spent loading the model (0 when it was loaded already). */
  loadDurationMs: number;
  /** Ends the use; `keepAliveMs` (a request's keep_alive) overrides the model's own. */
  release(keepAliveMs?: KeepAliveMs): void;
}

/** What the registry knows of one catalog entry. */
export interface ModelStatus {
  entry: CatalogEntry;
  loaded: LoadedModel | undefined;
  /** Failed load attempts since start (for metrics and alerts). */
  loadFailures: number;
}

/** Memory policy of the registry. */
export interface RegistryOptions extends SourceOptions {
  /** Bytes of weights kept loaded (0 = unlimited). */
  memoryBudgetBytes: number;
  /** keep_alive of entries that set none. */
  defaultKeepAliveMs: KeepAliveMs;
}

/**
 * The catalog's models and their loaded backends. Names resolve by id or alias (`:latest`
 * ignored). A model loads on first use (concurrent first uses share one load), stays for its
 * keep-alive after the last use (Ollama semantics), and when loading would pass the memory
 * budget the least recently used idle models are unloaded first.
 */
export class ModelRegistry {
  readonly #entries: CatalogEntry[];
  readonly #byName = new Map<string, CatalogEntry>();
  readonly #loading = new Map<string, Promise<LoadedModel>>();
  readonly #loaded = new Map<string, LoadedModel>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #unloadListeners: Array<(model: LoadedModel) => void> = [];
  readonly #loadFailures = new Map<string, number>();
  /** Each model's own keep-alive, parsed once (the catalog has validated it). */
  readonly #keepAlive = new Map<string, KeepAliveMs>();
  readonly defaultModel: string | undefined;

  constructor(catalog: Catalog, private readonly options: RegistryOptions) {
    this.#entries = catalog.entries;
    this.defaultModel = catalog.defaultModel;
    for (const entry of catalog.entries) {
      for (const name of [entry.id, ...entry.aliases]) this.#byName.set(stripLatestTag(name), entry);
      this.#keepAlive.set(entry.id, entry.keep_alive === undefined ? options.defaultKeepAliveMs : parseKeepAlive(entry.keep_alive, `keep_alive of model ${entry.id}`));
    }
  }

  /** The catalog entry a name refers to ("" means the default model); throws model_not_found. */
  resolve(name: string): CatalogEntry {
    if (name === "" && !this.defaultModel) throw new AppError("invalid_request", "model is required (this server has no default model)", { param: "model" });
    const entry = this.#byName.get(stripLatestTag(name || this.defaultModel!));
    if (!entry) throw new AppError("model_not_found", `model "${name}" not found`, { param: "model" });
    return entry;
  }

  /** Leases a model for one request, loading it first if needed. */
  async acquire(name: string): Promise<ModelLease> {
    const entry = this.resolve(name);
    let model = this.#loaded.get(entry.id);
    let loadDurationMs = 0;
    if (!model) {
      model = await this.#load(entry);
      loadDurationMs = model.loadDurationMs;
    }
    model.inUse++;
    model.lastUsedAt = Date.now();
    this.#cancelTimer(entry.id);
    let released = false;
    return {
      model,
      loadDurationMs,
      release: (keepAliveMs) => {
        if (released) return;
        released = true;
        this.#release(model, keepAliveMs);
      },
    };
  }

  /** Loads the default model and every entry marked `preload`; returns the ids that failed. */
  async preload(): Promise<string[]> {
    const wanted = this.#entries.filter((entry) => entry.preload || entry.id === this.defaultModel);
    const failed: string[] = [];
    await Promise.all(wanted.map((entry) => this.acquire(entry.id).then((lease) => lease.release(), () => failed.push(entry.id))));
    return failed;
  }

  /** Every enabled catalog entry with its load state. */
  list(): ModelStatus[] {
    return this.#entries.map((entry) => ({ entry, loaded: this.#loaded.get(entry.id), loadFailures: this.#loadFailures.get(entry.id) ?? 0 }));
  }

  /** Calls `listener` whenever a model leaves memory (so caches of its backend can be dropped). */
  onUnload(listener: (model: LoadedModel) => void): void {
    this.#unloadListeners.push(listener);
  }

  /** Bytes of weights loaded now. */
  get loadedBytes(): number {
    let total = 0;
    for (const model of this.#loaded.values()) total += model.backend.info.sizeBytes;
    return total;
  }

  /** Unloads every model. */
  async close(): Promise<void> {
    for (const id of [...this.#timers.keys()]) this.#cancelTimer(id);
    await Promise.all([...this.#loaded.values()].map((model) => this.#unload(model)));
  }

  #release(model: LoadedModel, keepAliveMs: KeepAliveMs | undefined): void {
    model.inUse--;
    model.lastUsedAt = Date.now();
    const keep = keepAliveMs ?? this.#keepAlive.get(model.entry.id)!;
    model.expiresAt = keep === Infinity ? undefined : new Date(Date.now() + keep);
    if (model.inUse > 0 || keep === Infinity) return;
    this.#cancelTimer(model.entry.id);
    const timer = setTimeout(() => {
      this.#timers.delete(model.entry.id);
      if (model.inUse === 0 && this.#loaded.get(model.entry.id) === model) void this.#unload(model);
    }, keep);
    timer.unref(); // an idle model's timer must not keep the process alive
    this.#timers.set(model.entry.id, timer);
  }

  #cancelTimer(id: string): void {
    const timer = this.#timers.get(id);
    if (timer) clearTimeout(timer);
    this.#timers.delete(id);
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
    const log = this.options.logger.child({ model: entry.id });
    let backend: Backend;
    try {
      backend = await loadBackend(entry, await materializeSource(entry, this.options));
    } catch (error) {
      this.#loadFailures.set(entry.id, (this.#loadFailures.get(entry.id) ?? 0) + 1);
      log.error({ err: error }, "model failed to load");
      throw new AppError("model_load_failed", `model "${entry.id}" failed to load: ${(error as Error).message}`, { cause: error, retryAfterSeconds: 5 });
    }
    const budget = this.options.memoryBudgetBytes;
    if (budget > 0 && backend.info.sizeBytes > budget) {
      await backend.close();
      throw new AppError("model_too_large", `model "${entry.id}" needs ${backend.info.sizeBytes} bytes, more than MODEL_MEMORY_BUDGET (${budget})`);
    }
    const model: LoadedModel = { entry, backend, loadedAt: new Date(), loadDurationMs: performance.now() - started, lastUsedAt: Date.now(), inUse: 0, expiresAt: undefined };
    this.#loaded.set(entry.id, model);
    await this.#fitBudget(model);
    log.info({ ms: Math.round(model.loadDurationMs), kind: backend.kind, dimensions: backend.info.dimensions, bytes: backend.info.sizeBytes }, "model loaded");
    return model;
  }

  /** Unloads least recently used idle models until the loaded weights fit the budget. */
  async #fitBudget(keep: LoadedModel): Promise<void> {
    const budget = this.options.memoryBudgetBytes;
    if (budget <= 0) return;
    const idle = [...this.#loaded.values()].filter((m) => m !== keep && m.inUse === 0).sort((a, b) => a.lastUsedAt - b.lastUsedAt);
    while (this.loadedBytes > budget && idle.length > 0) await this.#unload(idle.shift()!);
    if (this.loadedBytes > budget) this.options.logger.warn({ bytes: this.loadedBytes, budget }, "models in use exceed MODEL_MEMORY_BUDGET until they go idle");
  }

  async #unload(model: LoadedModel): Promise<void> {
    if (this.#loaded.get(model.entry.id) !== model) return;
    this.#loaded.delete(model.entry.id);
    this.#cancelTimer(model.entry.id);
    for (const listener of this.#unloadListeners) listener(model);
    await model.backend.close();
    this.options.logger.info({ model: model.entry.id, bytes: model.backend.info.sizeBytes }, "model unloaded");
  }
}
