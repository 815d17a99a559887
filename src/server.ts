import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createApp } from "./app.js";
import type { Config } from "./config/config.js";
import { preloadCommonQueries } from "./engine/preload.js";
import { createServices, type Services } from "./services.js";
import type { Logger } from "./util/logger.js";

/** A listening server and the means to stop it. */
export interface RunningServer {
  services: Services;
  port: number;
  /** Stops accepting connections, waits for open ones, releases models. */
  close(): Promise<void>;
}

/**
 * Loads the default model, then warms the cache from COMMON_QUERIES_FILE, in the background:
 * the server answers (and /health reports progress) meanwhile.
 */
async function warmUp(services: Services, config: Config, started: number): Promise<void> {
  const { logger } = services;
  await services.registry.preload(); // failures are logged by the registry; requests will see them
  logger.info({ ms: Math.round(performance.now() - started), loaded: services.registry.list().filter((s) => s.loaded).map((s) => s.entry.id) }, "ready");
  if (config.commonQueriesFile) await preloadCommonQueries(services.engine, config.commonQueriesFile, logger);
}

/** Starts the HTTP server, then loads the default model and warms the cache in the background. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const started = performance.now();
  const services = createServices(config, logger);
  const app = createApp(services);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ host: config.host, port, ms: Math.round(performance.now() - started) }, "listening");

  void warmUp(services, config, started);
  return {
    services,
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    },
  };
}
