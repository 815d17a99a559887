import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../http/app-env.js";
import { createDialectRouter } from "../../http/dialect-router.js";
import { jobContext, setEmbedHeaders } from "../../http/embed-context.js";
import type { Services } from "../../services.js";
import { ollamaErrorSchema } from "../ollama/schemas.js";
import * as adapter from "./adapter.js";
import * as s from "./schemas.js";
import { jsonRequest as body, jsonResponse as json } from "../../http/openapi-parts.js";

const errorsOf = <T>(schema: T) => ({ 400: json(schema, "Malformed request"), 404: json(schema, "Unknown model"), 503: json(schema, "Overloaded") });

const apiRerankRoute = createRoute({
  method: "post", path: "/api/rerank", tags: ["Rerank"], summary: "Rerank (embedgate's original shape)",
  request: body(s.apiRerankRequestSchema), responses: { 200: json(s.apiRerankResponseSchema, "Scored documents"), ...errorsOf(ollamaErrorSchema) },
});
const v1RerankRoute = createRoute({
  method: "post", path: "/v1/rerank", tags: ["Rerank"], summary: "Rerank (Jina / Cohere v1)",
  request: body(s.v1RerankRequestSchema), responses: { 200: json(s.rerankResponseSchema, "Scored documents"), ...errorsOf(s.cohereErrorSchema) },
});
const v2RerankRoute = createRoute({
  method: "post", path: "/v2/rerank", tags: ["Rerank"], summary: "Rerank (Cohere v2)",
  request: body(s.v2RerankRequestSchema), responses: { 200: json(s.rerankResponseSchema, "Scored documents"), ...errorsOf(s.cohereErrorSchema) },
});
const teiOrJinaRequest = z.union([s.teiRerankRequestSchema, s.v1RerankRequestSchema]).openapi({ description: "`texts` → TEI's shape; `documents` → Jina/Cohere's" });
const rerankRoute = createRoute({
  method: "post", path: "/rerank", tags: ["Rerank"], summary: "Rerank (TEI when the body has `texts`, Jina/Cohere when it has `documents`)",
  request: body(teiOrJinaRequest),
  responses: { 200: json(z.union([s.teiRerankResponseSchema, s.rerankResponseSchema]), "Scored documents"), ...errorsOf(s.teiErrorSchema) },
});

/** Every rerank dialect over `engine.rerank`. */
export function rerankRoutes(services: Services) {
  const router = createDialectRouter();
  const { engine } = services;

  router.openapi(apiRerankRoute, async (c) => {
    const request = c.req.valid("json");
    const result = await engine.rerank(adapter.fromApiRerank(request, jobContext(c)));
    setEmbedHeaders(c, result);
    return c.json(adapter.toApiRerankResponse(request, result), 200);
  });
  const answerCohere = async (c: Context<AppEnv>, request: adapter.CohereRerank) => {
    const result = await engine.rerank(request.job);
    setEmbedHeaders(c, result);
    return c.json(adapter.toCohereResponse(c.get("requestId"), request, result), 200);
  };
  router.openapi(v1RerankRoute, (c) => answerCohere(c, adapter.fromV1Rerank(c.req.valid("json"), jobContext(c))));
  router.openapi(v2RerankRoute, (c) => answerCohere(c, adapter.fromV2Rerank(c.req.valid("json"), jobContext(c))));
  router.openapi(rerankRoute, async (c) => {
    const request = c.req.valid("json");
    // The body says the dialect: TEI sends `texts`, Jina and Cohere send `documents`.
    if (!("texts" in request)) return answerCohere(c, adapter.fromV1Rerank(request, jobContext(c)));
    const result = await engine.rerank(adapter.fromTeiRerank(request, jobContext(c)));
    setEmbedHeaders(c, result);
    return c.json(adapter.toTeiResponse(request, result), 200);
  });
  return router;
}
