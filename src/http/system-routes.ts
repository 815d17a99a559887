import { createRoute, z } from "@hono/zod-openapi";
import { createDialectRouter } from "./dialect-router.js";
import type { Services } from "../services.js";
import { VERSION } from "../version.js";
import { jsonResponse } from "./openapi-parts.js";

const healthSchema = z
  .object({
    status: z.literal("ok").openapi({ description: "Always `ok` while the process serves requests", example: "ok" }),
    version: z.string().openapi({ description: "embedgate version", example: VERSION }),
    models: z
      .array(
        z.object({
          id: z.string().openapi({ description: "Model id", example: "glove-100d" }),
          loaded: z.boolean().openapi({ description: "Whether the model is in memory", example: true }),
          dimensions: z.number().int().nullable().openapi({ description: "Vector size, once loaded", example: 100 }),
        }),
      )
      .openapi({ description: "Every model in the catalog" }),
  })
  .openapi("Health");

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["System"],
  summary: "Liveness and the models loaded",
  responses: { 200: jsonResponse(healthSchema, "The server is up") },
});

const versionRoute = createRoute({
  method: "get",
  path: "/api/version",
  tags: ["Ollama"],
  summary: "Server version",
  responses: {
    200: jsonResponse(z.object({ version: z.string().openapi({ description: "embedgate version", example: VERSION }) }).openapi("OllamaVersion"), "The version"),
  },
});

const probeSchema = z
  .object({ status: z.string().openapi({ description: "`ok`, or why not ready: `starting`, `failed` (a preloaded model did not load) or `draining`", example: "ok" }) })
  .openapi("Probe");
const probe = (path: string, summary: string) =>
  createRoute({
    method: "get",
    path,
    tags: ["System"],
    summary,
    responses: {
      200: jsonResponse(probeSchema, "Yes"),
      503: jsonResponse(probeSchema, "Not (yet, or any more)"),
    },
  });

/** /health, /livez, /readyz, /api/version and the root that Ollama clients probe. */
export function systemRoutes(services: Services) {
  const router = createDialectRouter();
  router.openapi(healthRoute, (c) =>
    c.json(
      {
        status: "ok" as const,
        version: VERSION,
        models: services.registry.list().map(({ entry, loaded }) => ({ id: entry.id, loaded: Boolean(loaded), dimensions: loaded?.backend.info.dimensions ?? null })),
      },
      200,
    ),
  );
  router.openapi(versionRoute, (c) => c.json({ version: VERSION }, 200));
  router.openapi(probe("/livez", "Liveness: the process answers"), (c) => c.json({ status: "ok" }, 200));
  // Ready once preloaded models are in; not while draining. Redis is never a condition: it is optional.
  router.openapi(probe("/readyz", "Readiness: preloaded models are in and the server is not draining"), (c) => {
    const state = services.lifecycle.state;
    return state === "ready" ? c.json({ status: "ok" }, 200) : c.json({ status: state }, 503);
  });
  // Ollama clients and load balancers probe the root; keep Ollama's exact text.
  router.on(["GET", "HEAD"], "/", (c) => c.text("Ollama is running"));
  return router;
}
