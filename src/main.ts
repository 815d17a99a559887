#!/usr/bin/env node
import { createApp, openApiDocument } from "./app.js";
import { loadConfig } from "./config/config.js";
import { renderEnvExample } from "./config/env-reference.js";
import { startServer } from "./server.js";
import { createServices } from "./services.js";
import { createLogger, silentLogger } from "./util/logger.js";

/**
 * CLI entry. `serve` (the default) runs the server; `openapi` prints the OpenAPI document;
 * `env-example` prints the configuration reference.
 */
async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? "serve";
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`embedgate: ${(error as Error).message}\n`);
    process.exit(2);
  }
  if (command === "openapi") {
    const app = createApp(createServices(config, silentLogger()));
    process.stdout.write(`${JSON.stringify(openApiDocument(app), null, 2)}\n`);
    return;
  }
  if (command === "env-example") {
    process.stdout.write(renderEnvExample());
    return;
  }
  if (command !== "serve") {
    process.stderr.write(`embedgate: unknown command "${command}" (commands: serve, openapi, env-example)\n`);
    process.exit(2);
  }
  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty });
  const server = await startServer(config, logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, "shutting down: finishing in-flight and queued requests");
    server.close().then(
      (clean) => {
        logger.flush();
        process.exit(clean ? 0 : 1);
      },
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`embedgate: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
