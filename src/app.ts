import { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import type { Context } from "hono";
import { requestId } from "hono/request-id";
import { AppError } from "./errors.js";
import { renderOllamaError } from "./dialects/ollama/errors.js";
import { ollamaRoutes } from "./dialects/ollama/routes.js";
import { renderOpenAIError } from "./dialects/openai/errors.js";
import { openAIRoutes } from "./dialects/openai/routes.js";
import { batchRoutes } from "./dialects/batch/routes.js";
import { renderCohereError, renderTeiError } from "./dialects/rerank/errors.js";
import { rerankRoutes } from "./dialects/rerank/routes.js";
import type { AppEnv } from "./http/app-env.js";
import type { ErrorRenderer } from "./http/dialect-router.js";
import { normalizeError } from "./http/error-mapping.js";
import { accessLog } from "./http/access-log.js";
import { apiKeyAuth } from "./http/auth.js";
import { limitBody } from "./http/body-limit.js";
import { cors } from "./http/cors.js";
import { jsonBody } from "./http/json-body.js";
import { metricsRoutes } from "./http/metrics-routes.js";
import { metricsMiddleware } from "./observability/middleware.js";
import { systemRoutes } from "./http/system-routes.js";
import type { Services } from "./services.js";
import { VERSION } from "./version.js";

/** Which dialect's error shape a path answers in; the OpenAI shape is the default. */
function rendererFor(path: string): ErrorRenderer {
  if (path.startsWith("/api/")) return renderOllamaError;
  if (path === "/v1/rerank" || path === "/v2/rerank") return renderCohereError;
  if (path === "/rerank") return renderTeiError;
  return renderOpenAIError;
}

/** Paths that answer without an API key: probes, docs and the Ollama root. */
function publicPaths(metricsRequireAuth: boolean): Set<string> {
  const paths = ["/", "/health", "/livez", "/readyz", "/openapi.json", "/docs"];
  if (!metricsRequireAuth) paths.push("/metrics", "/metrics.json");
  return new Set(paths);
}

/** Builds the HTTP app over the given services: middleware, every dialect, the OpenAPI document. */
export function createApp(services: Services): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const { config } = services;
  app.use(requestId({ headerName: "x-request-id" }));
  app.use(metricsMiddleware(services.metrics)); // before auth and limits, so their 401/413s are counted
  app.use(services.lifecycle.middleware());
  app.use(accessLog(services.logger));
  app.use(cors(config.corsOrigins));
  app.use(apiKeyAuth({ keys: config.auth.keys, publicPaths: publicPaths(config.auth.metricsRequireAuth) }));
  app.use(limitBody(config.maxBodyBytes));
  app.use(jsonBody());

  app.route("/", systemRoutes(services));
  app.route("/", openAIRoutes(services));
  app.route("/", ollamaRoutes(services));
  app.route("/", rerankRoutes(services));
  app.route("/", batchRoutes(services));
  app.route("/", metricsRoutes(services.metrics));

  app.get("/openapi.json", (c) => c.json(openApiDocument(app)));
  app.get("/docs", Scalar({ url: "/openapi.json", pageTitle: "embedgate API" }));

  app.notFound((c) => rendererFor(c.req.path)(new AppError("not_found", `no route for ${c.req.method} ${c.req.path}`), c));
  app.onError((error, c: Context) => {
    const appError = normalizeError(error);
    if (appError.status >= 500) services.logger.error({ err: appError.extra.cause ?? appError, code: appError.code, path: c.req.path }, "request failed");
    return rendererFor(c.req.path)(appError, c);
  });
  return app;
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function openApiDocument(app: OpenAPIHono<AppEnv>) {
  return app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "embedgate",
      version: VERSION,
      description: "Self-hosted embeddings and reranking server speaking the OpenAI, Ollama, Cohere, Jina and TEI APIs.",
    },
  });
}
