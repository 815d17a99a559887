import KeyvRedis, { Keyv, type RedisConnectionClientType } from "@keyv/redis";
import type { Deserialize, Serialize } from "keyv";
import type { Logger } from "../util/logger.js";
import { DeadlineError, withDeadline } from "./deadline.js";
import { createRedisClient } from "./redis-client.js";

/** Keyv stores our already-encoded string as it is: no JSON envelope, no `expires` (Redis TTL expires it). */
const serialize = ((data) => String(data.value)) as Serialize;
const deserialize = ((text: string) => ({ value: text })) as Deserialize;

export interface RedisStoreOptions {
  url: string;
  /** Keys are stored as `${namespace}:${key}`. */
  namespace: string;
  ttlSeconds: number;
  /** Deadline of every call. */
  timeoutMs: number;
}

/**
 * Raw string values in Redis through keyv + @keyv/redis, every call raced against a deadline.
 * Calls reject on any failure (error, offline, deadline); the caller decides what a failure means.
 * Construction never waits (the client connects, and reconnects, in the background) and throws only
 * on a malformed URL.
 */
export class RedisStore {
  readonly #client: RedisConnectionClientType;
  readonly #keyv: Keyv<string>;
  readonly #ttlMs: number;
  readonly #timeoutMs: number;
  #readyWaiter: Promise<void> | undefined;
  #lastError: string | undefined;

  constructor(options: RedisStoreOptions, logger: Logger) {
    this.#ttlMs = Math.max(1, options.ttlSeconds) * 1000;
    this.#timeoutMs = options.timeoutMs;
    this.#client = createRedisClient(options.url);
    // Registered before connect(): node-redis emits 'error' on every failed (re)connect attempt.
    this.#client.on("error", (error: Error) => {
      this.#lastError = error.message.slice(0, 160);
      logger.debug({ err: error.message }, "redis cache: connection error");
    });
    this.#client.on("ready", () => logger.debug("redis cache: connection ready"));
    // Connect in the background. While Redis is down this promise stays pending and retries;
    // KeyvRedis sees `isOpen` and never calls connect() itself.
    this.#client.connect().catch((error: Error) => logger.debug({ err: error.message }, "redis cache: connect failed"));
    const adapter = new KeyvRedis(this.#client, {
      namespace: options.namespace,
      keyPrefixSeparator: ":",
      throwOnConnectError: false,
      throwOnErrors: true, // a failure must reach us (to count it and feed the breaker), not look like a miss
    });
    adapter.on("error", () => {});
    this.#keyv = new Keyv<string>(adapter, {
      namespace: options.namespace,
      useKeyPrefix: false, // the adapter prefixes
      serialize,
      deserialize,
      throwOnErrors: true,
    });
    this.#keyv.on("error", () => {});
  }

  /** One MGET for all keys; values in key order, undefined where absent. */
  getMany(keys: string[]): Promise<(string | undefined)[]> {
    return this.#call("MGET", () => this.#keyv.getMany(keys));
  }

  /** One MULTI/EXEC of `SET key value PX ttl` per entry (a single round trip). */
  async setMany(entries: Array<[key: string, value: string]>): Promise<void> {
    const ttl = this.#ttlMs;
    const results = await this.#call("SET", () => this.#keyv.setMany(entries.map(([key, value]) => ({ key, value, ttl }))));
    // @keyv/redis resolves undefined (it throws on failure); other adapters report per entry.
    if (Array.isArray(results) && results.includes(false)) throw new Error("redis SET failed");
  }

  /**
   * Runs `command` within the deadline. While the client is (re)connecting, the command waits for
   * the connection inside that same deadline (a bounded offline queue of one deadline, so the
   * first requests after boot or a reconnect still reach Redis); past it, it is never sent.
   */
  async #call<T>(what: string, command: () => Promise<T>): Promise<T> {
    let expired = false;
    const run = async () => {
      if (!this.#client.isReady) await this.#ready();
      if (expired) throw new DeadlineError(what, this.#timeoutMs);
      return command();
    };
    try {
      return await withDeadline(run(), this.#timeoutMs, what);
    } catch (error) {
      expired = true;
      if (error instanceof DeadlineError && !this.#client.isReady) {
        // Say why, once, in the breaker's log line (e.g. ECONNREFUSED, a failed AUTH or SELECT).
        throw new DeadlineError(what, this.#timeoutMs, ` while not connected (last connection error: ${this.#lastError ?? "none yet"})`);
      }
      throw error;
    }
  }

  /** Resolves on the client's next 'ready' (one listener, however many callers wait). */
  #ready(): Promise<void> {
    this.#readyWaiter ??= new Promise<void>((resolve) =>
      this.#client.once("ready", () => {
        this.#readyWaiter = undefined;
        resolve();
      }),
    );
    return this.#readyWaiter;
  }

  /**
   * Drops the connection at once; the caller has already waited (bounded) for the writes it cares
   * about. Not client.close(): that waits for every queued command, i.e. for ever on a frozen Redis,
   * and after it has started, node-redis' destroy() can no longer reach the socket. Never throws.
   */
  close(): void {
    const client = this.#client;
    client.unref(); // a socket node-redis may still be opening must not keep the process alive
    if (!client.isOpen) return;
    try {
      client.destroy();
    } catch {
      // already closed
    }
  }
}
