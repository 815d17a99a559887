import { createClient, type RedisConnectionClientType } from "@keyv/redis";

/** Reconnect delays: 100, 200, 400, 800 ms, then every 1000 ms for ever, plus up to 100 ms of jitter. */
export function reconnectDelay(retries: number): number {
  return Math.min(100 * 2 ** Math.min(retries, 10), 1000) + Math.floor(Math.random() * 100);
}

/**
 * The node-redis client behind L2: never queues while offline, reconnects for ever with a capped
 * backoff. Throws on a malformed URL (without echoing it: it may hold a password).
 */
export function createRedisClient(url: string): RedisConnectionClientType {
  try {
    return createClient({
      url,
      // node-redis would queue commands while disconnected, unbounded, and send them whenever Redis
      // returns. Instead a command fails at once; RedisStore waits for 'ready' itself, within the deadline.
      disableOfflineQueue: true,
      // No CLIENT SETINFO pair on every (re)connect: one round trip fewer before the client is ready.
      disableClientInfo: true,
      socket: {
        // Bounds one (re)connect attempt to an unreachable host; requests wait for it at most their deadline.
        connectTimeout: 2000,
        // Never give up: capped backoff, so L2 comes back by itself when Redis does.
        reconnectStrategy: (retries) => reconnectDelay(retries),
        // node-redis defaults, stated: detect a dead peer on an idle connection.
        keepAlive: true,
        keepAliveInitialDelay: 5000,
        noDelay: true,
      },
    }) as RedisConnectionClientType;
  } catch (error) {
    throw new Error(`REDIS_URL is not a usable Redis URL: ${error instanceof Error ? error.message : String(error)}`);
  }
}
