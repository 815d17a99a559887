import { createRoute, z } from "@hono/zod-openapi";
import { createDialectRouter } from "../../http/dialect-router.js";
import type { Services } from "../../services.js";
import { jobContext, jsonText, setEmbedHeaders } from "../../http/embed-context.js";
import { toEmbedJob, toEmbeddingsResponseText } from "./adapter.js";
import { embeddingsRequestSchema, embeddingsResponseSchema, modelListSchema, modelObjectSchema, openAIErrorSchema } from "./schemas.js";
import { jsonRequest, jsonResponse } from "../../http/openapi-parts.js";

const errorResponse = (description: string) => jsonResponse(openAIErrorSchema, description);

function embeddingsRoute(path: string, hide: boolean) {
  return createRoute({
    method: "post",
    path,
    hide,
    tags: ["OpenAI"],
    summary: "Create embeddings",
    description: "OpenAI-compatible embeddings. The official SDK asks for base64 by default and decodes it.",
    request: jsonRequest(embeddingsRequestSchema),
    responses: {
      200: jsonResponse(embeddingsResponseSchema, "Vectors in input order"),
      400: errorResponse("Malformed request"),
      404: errorResponse("Unknown model"),
      503: errorResponse("Overloaded; retry after Retry-After seconds"),
    },
  });
}

const listModelsRoute = createRoute({
  method: "get",
  path: "/v1/models",
  tags: ["OpenAI"],
  summary: "List models",
  responses: { 200: jsonResponse(modelListSchema, "The models served") },
});

const getModelRoute = createRoute({
  method: "get",
  path: "/v1/models/{id}",
  tags: ["OpenAI"],
  summary: "Get a model",
  request: { params: z.object({ id: z.string().openapi({ description: "Model id or alias; percent-encode a `/`", example: "glove-100d" }) }) },
  responses: {
    200: jsonResponse(modelObjectSchema, "The model"),
    404: errorResponse("Unknown model"),
  },
});

/** The OpenAI dialect: /v1/embeddings (and /embeddings), /v1/models. */
export function openAIRoutes(services: Services) {
  const router = createDialectRouter();
  const created = Math.floor(services.startedAt.getTime() / 1000);
  const modelObject = (id: string) => ({ id, object: "model" as const, created, owned_by: "embedgate" });

  for (const route of [embeddingsRoute("/v1/embeddings", false), embeddingsRoute("/embeddings", true)]) {
    router.openapi(route, async (c) => {
      const body = c.req.valid("json");
      const result = await services.engine.embed(toEmbedJob(body, jobContext(c)));
      setEmbedHeaders(c, result);
      return jsonText(c, toEmbeddingsResponseText(body, result));
    });
  }
  router.openapi(listModelsRoute, (c) => c.json({ object: "list" as const, data: services.registry.list().map((s) => modelObject(s.entry.id)) }, 200));
  router.openapi(getModelRoute, (c) => {
    const id = c.req.valid("param").id;
    services.registry.resolve(id);
    return c.json(modelObject(id), 200);
  });
  // Ids with a "/" may also arrive unencoded (/v1/models/owner/name): resolve them the same way.
  router.get("/v1/models/:id{.+}", (c) => {
    const id = c.req.param("id");
    services.registry.resolve(id);
    return c.json(modelObject(id), 200);
  });
  return router;
}

