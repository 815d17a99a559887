import { createAdaptorServer } from "@hono/node-server";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createApp } from "./app.js";
import type { Config } from "./config/config.js";
import { preloadCommonQueries } from "./engine/preload.js";
import { createServices, type Services } from "./services.js";
import type { Logger } from "./util/logger.js";

/** A listening server and the means to stop it. */
export interface RunningServer {
  services: Services;
  port: number;
  /**
   * Graceful stop: readiness turns 503, no new connections, in-flight and queued requests finish
   * (up to SHUTDOWN_TIMEOUT_MS), then Redis and models are released. True when nothing was cut off.
   */
  close(): Promise<boolean>;
}

/**
 * Loads the preloaded models (then marks the server ready) and warms the cache from
 * COMMON_QUERIES_FILE, in the background: the server answers probes meanwhile.
 */
async function warmUp(services: Services, config: Config, started: number): Promise<void> {
  const { logger } = services;
  const failed = await services.registry.preload(); // the registry logs why
  if (failed.length > 0) {
    services.lifecycle.markFailed();
    logger.error({ failed }, "preloaded models failed to load: /readyz stays 503");
  } else {
    services.lifecycle.markReady();
    logger.info({ ms: Math.round(performance.now() - started), loaded: services.registry.list().filter((s) => s.loaded).map((s) => s.entry.id) }, "ready");
  }
  if (config.commonQueriesFile) await preloadCommonQueries(services.engine, config.commonQueriesFile, logger);
}

/** Applies the connection settings: keep-alive, header and request timeouts, connection cap. */
function tuneConnections(server: Server, config: Config): void {
  const { connections } = config;
  server.keepAliveTimeout = connections.keepAliveTimeoutMs;
  server.headersTimeout = connections.headersTimeoutMs;
  server.requestTimeout = connections.requestTimeoutMs;
  if (connections.maxConnections > 0) server.maxConnections = connections.maxConnections;
}

/** Starts the HTTP server, then loads models and warms the cache in the background. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const started = performance.now();
  const services = createServices(config, logger);
  const app = createApp(services);
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  tuneConnections(server, config);
  const connections = trackConnections(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: config.port, host: config.host, backlog: config.connections.backlog }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ host: config.host, port, ms: Math.round(performance.now() - started) }, "listening");
  void warmUp(services, config, started);

  let closing: Promise<boolean> | undefined;
  return {
    services,
    port,
    close: () => (closing ??= drainAndClose(server, connections, services, config.shutdownTimeoutMs)),
  };
}

/** Open sockets and how many requests each is serving, so a drain can close the idle ones. */
interface ConnectionTracker {
  /** Destroys sockets that never carried a request, and each socket as its last request ends. */
  closeIdle(): void;
}

/**
 * Node's closeIdleConnections() leaves sockets that never carried a request (client pools and
 * load balancers open them ahead of time), and those would hold a drain until its timeout.
 */
function trackConnections(server: Server): ConnectionTracker {
  const inFlight = new Map<Socket, number>();
  let draining = false;
  server.on("connection", (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once("close", () => inFlight.delete(socket));
  });
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    response.once("close", () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, left);
      if (draining && left === 0) socket.destroySoon();
    });
  });
  return {
    closeIdle() {
      draining = true;
      // Only sockets that never sent a byte: one part-way through its headers is a request coming
      // in, and keep-alive sockets between requests are closed by closeIdleConnections().
      for (const [socket, count] of inFlight) if (count === 0 && socket.bytesRead === 0) socket.destroy();
    },
  };
}

async function drainAndClose(server: Server, connections: ConnectionTracker, services: Services, timeoutMs: number): Promise<boolean> {
  const { logger } = services;
  services.lifecycle.startDraining();
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  connections.closeIdle();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)));
  const cutOff = await Promise.race([stopped.then(() => false), timedOut]);
  clearTimeout(timer);
  if (cutOff) {
    logger.warn({ timeoutMs }, "shutdown timed out; closing remaining connections");
    server.closeAllConnections();
  }
  await services.close();
  logger.info({ clean: !cutOff }, "stopped");
  return !cutOff;
}
