import type { Logger } from "../util/logger.js";
import { CircuitBreaker, type BreakerState, type BreakerTicket } from "./breaker.js";
import { decodeEmbedding, encodeEmbedding } from "./codec.js";
import { withDeadline } from "./deadline.js";
import { RedisStore, type RedisStoreOptions } from "./redis-store.js";
import type { CachedEmbedding } from "./types.js";

/** L2 write batches in flight at once; a write beyond that is dropped (L1 still has it). */
const MAX_PENDING_WRITES = 64;
/** Entries per MULTI/EXEC, so one huge setMany does not become one huge Redis request. */
const WRITE_CHUNK = 256;

export interface L2TierOptions extends RedisStoreOptions {
  breaker: { failureThreshold: number; cooldownMs: number };
}

/**
 * Redis behind a circuit breaker, speaking CachedEmbedding: reads and writes are skipped while the
 * breaker is open, every failure (error, offline, deadline) is counted and fed to it, and nothing
 * is ever thrown to the caller.
 */
export class L2Tier {
  readonly #store: RedisStore;
  readonly #breaker: CircuitBreaker;
  readonly #timeoutMs: number;
  readonly #logger: Logger;
  readonly #pending = new Set<Promise<void>>();
  #errors = 0;
  #closed = false;

  constructor(options: L2TierOptions, logger: Logger) {
    const { cooldownMs } = options.breaker;
    this.#logger = logger;
    this.#timeoutMs = options.timeoutMs;
    this.#breaker = new CircuitBreaker({ ...options.breaker, onChange: (from, to, detail) => logChange(logger, from, to, { ...detail, cooldownMs }) });
    this.#store = new RedisStore(options, logger);
  }

  get state(): BreakerState {
    return this.#breaker.state;
  }

  /** Failed or timed-out Redis calls so far. */
  get errors(): number {
    return this.#errors;
  }

  /** One round trip for all keys: decoded values in key order, or undefined if Redis was skipped or failed. */
  async read(keys: string[]): Promise<(CachedEmbedding | undefined)[] | undefined> {
    const ticket = this.#closed ? undefined : this.#breaker.acquire();
    if (!ticket) return undefined;
    try {
      const raw = await this.#store.getMany(keys);
      this.#breaker.success(ticket);
      return raw.map(decodeEmbedding); // a corrupt or foreign value is a miss
    } catch (error) {
      this.#failed(ticket, error);
      return undefined;
    }
  }

  /** Fire-and-forget: pipelined, bounded, tracked so close() can wait for it. */
  write(entries: Array<[key: string, value: CachedEmbedding]>): void {
    if (this.#closed) return;
    for (let i = 0; i < entries.length; i += WRITE_CHUNK) this.#write(entries.slice(i, i + WRITE_CHUNK));
  }

  /** Waits for pending writes (each bounded by its deadline), then disconnects. Never throws. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await withDeadline(Promise.allSettled(this.#pending), 2 * this.#timeoutMs + 50, "pending writes").catch(() => {});
    this.#store.close();
  }

  #write(chunk: Array<[key: string, value: CachedEmbedding]>): void {
    if (this.#pending.size >= MAX_PENDING_WRITES) {
      this.#logger.debug({ entries: chunk.length }, "embedding cache: too many pending Redis writes, skipped one");
      return;
    }
    if (this.#breaker.refusing) return; // encode nothing while Redis is skipped
    const encoded: Array<[string, string]> = [];
    for (const [key, value] of chunk) {
      try {
        encoded.push([key, encodeEmbedding(value)]);
      } catch {
        // not representable in L2 (empty or non-finite vector, tokens out of range): L1 only
      }
    }
    if (encoded.length === 0) return; // an empty write must not pass for a probe
    const ticket = this.#breaker.acquire();
    if (!ticket) return;
    const write: Promise<void> = this.#store
      .setMany(encoded)
      .then(
        () => this.#breaker.success(ticket),
        (error: unknown) => this.#failed(ticket, error),
      )
      .finally(() => this.#pending.delete(write));
    this.#pending.add(write);
  }

  #failed(ticket: BreakerTicket, error: unknown): void {
    this.#errors++;
    this.#breaker.failure(ticket, errorReason(error));
  }
}

/** The error's message, short: Redis and node-redis messages name no key and no text. */
function errorReason(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.slice(0, 200);
}

/** One log line per breaker state change. */
function logChange(logger: Logger, from: BreakerState, to: BreakerState, detail: { failures: number; reason?: string; cooldownMs: number }): void {
  const fields = { l2State: to, from, failures: detail.failures, reason: detail.reason, cooldownMs: detail.cooldownMs };
  if (to === "open" && from === "closed") logger.warn(fields, "embedding cache: Redis failing, circuit breaker opened; L1 only until a probe succeeds");
  else if (to === "open") logger.warn(fields, "embedding cache: Redis probe failed, circuit breaker re-opened");
  else if (to === "half-open") logger.info({ l2State: to, from }, "embedding cache: probing Redis (circuit breaker half-open)");
  else logger.info({ l2State: to, from }, "embedding cache: Redis answered the probe, circuit breaker closed");
}
