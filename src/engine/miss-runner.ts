import type { EmbedderBackend, InputType } from "../backends/backend.js";
import type { CachedEmbedding, EmbeddingCache } from "../cache/types.js";
import { AppError } from "../errors.js";
import type { AdmissionQueue } from "./admission.js";
import { batchLength, type BatchOptions, type MicroBatcher } from "./batcher.js";
import type { Deferred } from "./deferred.js";
import { isFiniteVector } from "./vectors.js";

/** A text to compute, owned by this request, with the promise its joiners wait on. */
export interface OwnedMiss {
  key: string;
  text: string;
  cacheable: boolean;
  result: Deferred<CachedEmbedding>;
}

/** What running a request's misses needs. */
export interface MissRunContext {
  backend: EmbedderBackend;
  modelId: string;
  batcher: MicroBatcher;
  admission: AdmissionQueue;
  cache: EmbeddingCache;
  batching: BatchOptions;
  truncate: boolean;
  inputType: InputType | undefined;
  writeCache: boolean;
  signal?: AbortSignal;
}

/** Time spent waiting for permits and running batches. */
export interface MissRunTimings {
  queueMs: number;
  inferenceMs: number;
}

/**
 * Computes a request's own misses: split into units of at most one backend batch, each unit
 * admitted by the queue in turn (so a huge request does not starve small ones), encoded through
 * the micro-batcher, checked, cached, and handed to every waiter. On failure every unsettled
 * miss is rejected with the same error, so joiners never hang.
 */
export async function runOwnedMisses(misses: OwnedMiss[], context: MissRunContext): Promise<MissRunTimings> {
  const timings: MissRunTimings = { queueMs: 0, inferenceMs: 0 };
  const units = splitIntoUnits(misses, context.batching);
  try {
    for (let u = 0; u < units.length; u++) {
      const waitStarted = performance.now();
      const release = await context.admission.acquire(context.signal, u > 0);
      const runStarted = performance.now();
      timings.queueMs += runStarted - waitStarted;
      try {
        await runUnit(units[u], context);
      } finally {
        release();
        timings.inferenceMs += performance.now() - runStarted;
      }
    }
  } catch (error) {
    for (const miss of misses) miss.result.reject(error);
    throw error;
  }
  return timings;
}

async function runUnit(unit: OwnedMiss[], context: MissRunContext): Promise<void> {
  const encoded = context.batcher.submit(
    unit.map((miss) => miss.text),
    { truncate: context.truncate, inputType: context.inputType },
  );
  const fresh: Array<[string, CachedEmbedding]> = [];
  await Promise.all(
    unit.map(async (miss, i) => {
      try {
        const { vector, tokens } = await encoded[i];
        // A NaN from a backend must surface as a 500, never be cached or sent as null.
        if (!isFiniteVector(vector)) throw new AppError("internal", `model "${context.modelId}" produced a non-finite vector`);
        const entry: CachedEmbedding = { vector, tokens };
        if (context.writeCache && miss.cacheable) fresh.push([miss.key, entry]);
        miss.result.resolve(entry);
      } catch (error) {
        miss.result.reject(error);
      }
    }),
  );
  if (fresh.length > 0) context.cache.setMany(fresh);
}

/** Groups misses into units no larger than one backend batch (size and token budget). */
function splitIntoUnits(misses: OwnedMiss[], batching: BatchOptions): OwnedMiss[][] {
  const units: OwnedMiss[][] = [];
  for (let start = 0; start < misses.length; ) {
    const length = batchLength(misses, batching, start);
    units.push(misses.slice(start, start + length));
    start += length;
  }
  return units;
}
