import { LRUCache } from "lru-cache";
import type { CachedEmbedding } from "./types.js";

/**
 * Bytes charged per entry besides the vector's bytes and the key's UTF-16 bytes: the entry object,
 * the Float32Array and ArrayBuffer headers, and the LRU's bookkeeping. An approximation.
 */
export const ENTRY_OVERHEAD_BYTES = 128;

/** What one entry costs against the L1 byte bound. */
export function entryBytes(key: string, value: CachedEmbedding): number {
  return value.vector.byteLength + key.length * 2 + ENTRY_OVERHEAD_BYTES;
}

/** The in-process tier (L1). */
export interface MemoryStore {
  readonly enabled: boolean;
  /** The entry, marked most recently used; undefined on a miss. */
  get(key: string): CachedEmbedding | undefined;
  set(key: string, value: CachedEmbedding): void;
  readonly entries: number;
  readonly bytes: number;
}

/**
 * An LRU bounded both in bytes (`maxBytes`, by {@link entryBytes}) and in entries (`maxEntries`),
 * evicting least recently used entries first.
 *
 * Either bound at 0 (or not a positive number) DISABLES L1: every lookup misses and nothing is kept.
 * An entry larger than `maxBytes` on its own is not kept either.
 */
export function createMemoryStore(maxBytes: number, maxEntries: number): MemoryStore {
  const bytesBound = Math.floor(maxBytes);
  const entriesBound = Math.floor(maxEntries);
  if (!(bytesBound > 0) || !(entriesBound > 0)) return disabledStore;
  // lru-cache preallocates arrays of `max` slots. No entry is smaller than the overhead, so no more
  // than bytesBound / overhead entries can ever fit: capping `max` there changes nothing but memory.
  const max = Math.max(1, Math.min(entriesBound, Math.floor(bytesBound / ENTRY_OVERHEAD_BYTES)));
  const lru = new LRUCache<string, CachedEmbedding>({
    max,
    maxSize: bytesBound,
    sizeCalculation: (value, key) => entryBytes(key, value),
  });
  return {
    enabled: true,
    get: (key) => lru.get(key),
    set: (key, value) => {
      lru.set(key, value);
    },
    get entries() {
      return lru.size;
    },
    get bytes() {
      return lru.calculatedSize;
    },
  };
}

/** L1 switched off by configuration (EMBEDDING_CACHE_BYTES=0 or EMBEDDING_CACHE_SIZE=0). */
const disabledStore: MemoryStore = {
  enabled: false,
  get: () => undefined,
  set: () => {},
  entries: 0,
  bytes: 0,
};
