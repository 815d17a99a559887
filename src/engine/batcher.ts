import type { EmbedderBackend, EncodeOptions } from "../backends/backend.js";
import { deferred, type Deferred } from "./deferred.js";

/** How misses are packed into backend calls (TEI's design: a size cap and a token budget). */
export interface BatchOptions {
  /** Most texts in one backend call (BATCH_MAX_SIZE). */
  maxBatchSize: number;
  /** Most estimated tokens in one backend call (BATCH_MAX_TOKENS). */
  maxBatchTokens: number;
  /** Extra time to wait for more work before a call (BATCH_WAIT_MS); 0 = only what arrived this turn. */
  maxWaitMs: number;
}

/** One encoded text. */
export interface Encoded {
  vector: Float32Array;
  tokens: number;
}

interface Pending {
  text: string;
  result: Deferred<Encoded>;
}

/** A rough token count for budgeting before tokenizing: about four characters a token. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4) + 1;
}

/**
 * How many of `items`, from `start`, make one backend batch: at least one, then as many as fit
 * the size cap and the token budget. The one rule for queue units and backend calls alike.
 */
export function batchLength(items: ReadonlyArray<{ text: string }>, options: BatchOptions, start = 0): number {
  let count = 0;
  let tokens = 0;
  while (start + count < items.length && count < options.maxBatchSize) {
    const next = estimateTokens(items[start + count].text);
    if (count > 0 && tokens + next > options.maxBatchTokens) break;
    tokens += next;
    count++;
  }
  return count;
}

/**
 * Packs texts that arrive within one event-loop turn (or `maxWaitMs`) for the same model and
 * truncation into one backend call, bounded by size and token budget, then fans results back out.
 */
export class MicroBatcher {
  /** One queue per distinct option set (truncation, input type): only like texts share a call. */
  readonly #queues = new Map<string, { options: EncodeOptions; items: Pending[] }>();
  #scheduled = false;
  #calls = 0;
  #texts = 0;

  constructor(
    private readonly backend: EmbedderBackend,
    private readonly options: BatchOptions,
  ) {}

  /** Backend calls made and texts encoded, for metrics (texts / calls = mean batch size). */
  get stats(): { calls: number; texts: number } {
    return { calls: this.#calls, texts: this.#texts };
  }

  /** Queues texts for the next backend call; resolves with one result per text, in order. */
  submit(texts: string[], options: EncodeOptions): Promise<Encoded>[] {
    const id = `${options.truncate}:${options.inputType ?? ""}`;
    let queue = this.#queues.get(id);
    if (!queue) this.#queues.set(id, (queue = { options, items: [] }));
    const { items } = queue;
    const results = texts.map((text) => {
      const result = deferred<Encoded>();
      items.push({ text, result });
      return result.promise;
    });
    this.#schedule();
    return results;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const flush = () => {
      this.#scheduled = false;
      void this.#flush();
    };
    if (this.options.maxWaitMs > 0) setTimeout(flush, this.options.maxWaitMs);
    else setImmediate(flush);
  }

  async #flush(): Promise<void> {
    for (const { options, items } of this.#queues.values()) {
      while (items.length > 0) {
        const batch = this.#take(items);
        await this.#run(batch, options);
      }
    }
  }

  /** Takes the next batch off a queue: at least one text, then up to the size and token limits. */
  #take(queue: Pending[]): Pending[] {
    return queue.splice(0, batchLength(queue, this.options));
  }

  async #run(batch: Pending[], options: EncodeOptions): Promise<void> {
    this.#calls++;
    this.#texts += batch.length;
    try {
      const { vectors, tokenCounts } = await this.backend.encode(
        batch.map((item) => item.text),
        options,
      );
      batch.forEach((item, i) => item.result.resolve({ vector: vectors[i], tokens: tokenCounts[i] }));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].result.reject(error);
        return;
      }
      // One bad text must not fail its neighbours: retry each alone so only the culprit errors.
      for (const item of batch) await this.#runAlone(item, options);
    }
  }

  async #runAlone(item: Pending, options: EncodeOptions): Promise<void> {
    try {
      const { vectors, tokenCounts } = await this.backend.encode([item.text], options);
      item.result.resolve({ vector: vectors[0], tokens: tokenCounts[0] });
    } catch (error) {
      item.result.reject(error);
    }
  }
}
