import { AppError } from "../errors.js";
import type { ModelRegistry } from "../models/registry.js";
import type { EmbedJob, EmbedResult } from "./jobs.js";
import { checkDimensions, checkInputs, type EngineLimits } from "./limits.js";
import { isFiniteVector, shapeVector } from "./vectors.js";

/** Texts per backend call: small enough that the event loop breathes between calls. */
const TEXTS_PER_BACKEND_CALL = 256;

/** What the engine is built from. */
export interface EngineDeps {
  registry: ModelRegistry;
  limits: EngineLimits;
}

/**
 * The one inference path. Every dialect calls `embed`; limits, model lookup, truncation to
 * `dimensions`, normalisation and token counting happen here and nowhere else.
 */
export class Engine {
  constructor(private readonly deps: EngineDeps) {}

  /** Embeds a job's inputs and returns vectors in input order. */
  async embed(job: EmbedJob): Promise<EmbedResult> {
    const started = performance.now();
    checkInputs(job.inputs, this.deps.limits);
    const { model, loadDurationMs } = await this.deps.registry.acquire(job.model);
    const backend = model.backend;
    checkDimensions(job.dimensions, backend.info.dimensions);

    const inferenceStarted = performance.now();
    const vectors: Float32Array[] = [];
    let promptTokens = 0;
    for (let offset = 0; offset < job.inputs.length; offset += TEXTS_PER_BACKEND_CALL) {
      if (job.signal?.aborted) throw new AppError("client_closed", "client closed the request");
      const chunk = job.inputs.slice(offset, offset + TEXTS_PER_BACKEND_CALL);
      const encoded = await backend.encode(chunk, { truncate: job.truncate });
      for (const raw of encoded.vectors) {
        if (!isFiniteVector(raw)) throw new AppError("internal", `model "${model.entry.id}" produced a non-finite vector`);
        vectors.push(shapeVector(raw, job.dimensions, job.normalize));
      }
      for (const count of encoded.tokenCounts) promptTokens += count;
      if (offset + TEXTS_PER_BACKEND_CALL < job.inputs.length) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const finished = performance.now();
    return {
      model: model.entry.id,
      vectors,
      promptTokens,
      cacheHits: 0,
      cacheMisses: job.inputs.length,
      timings: { loadMs: loadDurationMs, queueMs: 0, inferenceMs: finished - inferenceStarted, totalMs: finished - started },
    };
  }
}
