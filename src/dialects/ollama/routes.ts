import { createRoute } from "@hono/zod-openapi";
import { createDialectRouter } from "../../http/dialect-router.js";
import type { LoadedModel } from "../../models/registry.js";
import type { Services } from "../../services.js";
import { jobContext, jsonText, setEmbedHeaders } from "../../http/embed-context.js";
import { modelDetails, taggedName, toEmbedJob, toEmbedResponseText, toLegacyEmbedJob, toLegacyEmbeddingsResponse } from "./adapter.js";
import * as s from "./schemas.js";
import { jsonRequest, jsonResponse as json } from "../../http/openapi-parts.js";

/** Ollama's answer for a model that never expires (keep_alive -1). */
const NEVER = "2318-01-01T00:00:00.000Z";

const errors = { 400: json(s.ollamaErrorSchema, "Malformed request"), 404: json(s.ollamaErrorSchema, "Unknown model") };
const post = <T>(path: string, summary: string, body: T) =>
  ({ method: "post" as const, path, tags: ["Ollama"], summary, request: jsonRequest(body) });

const embedRoute = createRoute({ ...post("/api/embed", "Generate embeddings", s.embedRequestSchema), responses: { 200: json(s.embedResponseSchema, "Normalised vectors"), ...errors } });
const legacyRoute = createRoute({ ...post("/api/embeddings", "Generate one embedding (legacy)", s.embeddingsRequestSchema), responses: { 200: json(s.embeddingsResponseSchema, "The raw vector"), ...errors } });
const showRoute = createRoute({ ...post("/api/show", "Show model information", s.showRequestSchema), responses: { 200: json(s.showResponseSchema, "Model facts"), ...errors } });
const tagsRoute = createRoute({ method: "get", path: "/api/tags", tags: ["Ollama"], summary: "List models", responses: { 200: json(s.tagsResponseSchema, "Every model") } });
const psRoute = createRoute({ method: "get", path: "/api/ps", tags: ["Ollama"], summary: "List loaded models", responses: { 200: json(s.psResponseSchema, "Loaded models") } });

/** The Ollama dialect: /api/embed, /api/embeddings, /api/tags, /api/show, /api/ps, /api/version. */
export function ollamaRoutes(services: Services) {
  const router = createDialectRouter();
  const { engine, registry } = services;
  const modifiedAt = services.startedAt.toISOString();
  const tag = (id: string, model: LoadedModel | undefined) => ({
    name: taggedName(id),
    model: taggedName(id),
    modified_at: modifiedAt,
    size: model?.backend.info.sizeBytes ?? 0,
    digest: model?.backend.info.revision ?? "",
    details: modelDetails(model),
  });

  router.openapi(embedRoute, async (c) => {
    const body = c.req.valid("json");
    const result = await engine.embed(toEmbedJob(body, jobContext(c)));
    setEmbedHeaders(c, result);
    return jsonText(c, toEmbedResponseText(body, result));
  });
  router.openapi(legacyRoute, async (c) => {
    const body = c.req.valid("json");
    const result = await engine.embed(toLegacyEmbedJob(body, jobContext(c)));
    setEmbedHeaders(c, result);
    return c.json(toLegacyEmbeddingsResponse(result), 200);
  });
  router.openapi(tagsRoute, (c) => c.json({ models: registry.list().map(({ entry, loaded }) => tag(entry.id, loaded)) }, 200));
  router.openapi(psRoute, (c) => {
    const loaded = registry.list().flatMap(({ entry, loaded }) => (loaded ? [{ entry, loaded }] : []));
    const models = loaded.map(({ entry, loaded }) => ({ ...tag(entry.id, loaded), expires_at: loaded.expiresAt?.toISOString() ?? NEVER, size_vram: 0, context_length: loaded.backend.info.maxTokens }));
    return c.json({ models }, 200);
  });
  router.openapi(showRoute, async (c) => {
    const body = c.req.valid("json");
    const lease = await registry.acquire(body.model ?? body.name ?? "");
    lease.release();
    const { model } = lease;
    const info = model.backend.info;
    const arch = info.architecture;
    return c.json(
      {
        license: model.entry.license ?? "",
        modelfile: "",
        parameters: "",
        template: "",
        details: modelDetails(model),
        model_info: {
          "general.architecture": arch,
          "general.parameter_count": info.parameterCount,
          [`${arch}.embedding_length`]: info.dimensions,
          [`${arch}.context_length`]: info.maxTokens,
        },
        capabilities: ["embedding"],
        modified_at: modifiedAt,
      },
      200,
    );
  });
  return router;
}
