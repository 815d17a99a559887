import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createApp } from "./app.js";
import type { Config } from "./config/config.js";
import { createServices, type Services } from "./services.js";
import type { Logger } from "./util/logger.js";

/** A listening server and the means to stop it. */
export interface RunningServer {
  services: Services;
  port: number;
  /** Stops accepting connections, waits for open ones, releases models. */
  close(): Promise<void>;
}

/** Starts the HTTP server, then loads the default model in the background. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const started = performance.now();
  const services = createServices(config, logger);
  const app = createApp(services);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ host: config.host, port, ms: Math.round(performance.now() - started) }, "listening");

  const preload = config.catalog.defaultModel;
  if (preload) {
    services.registry
      .acquire(preload)
      .then(() => logger.info({ model: preload, ms: Math.round(performance.now() - started) }, "ready"))
      .catch(() => undefined); // the registry already logged why; requests will see the error
  }
  return {
    services,
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    },
  };
}
