import { z } from "@hono/zod-openapi";

const modelName = z.string().min(1).openapi({ description: "Model name; no tag means `:latest`", example: "glove-100d" });
const keepAlive = z
  .union([z.string(), z.number()])
  .optional()
  .openapi({ description: "How long to keep the model loaded (e.g. `5m`, `0`, `-1`)", example: "5m" });
const inputType = z
  .enum(["query", "document"])
  .optional()
  .openapi({ description: "embedgate extension: which prompt template an instruction-aware model applies", example: "query" });
const options = z.record(z.string(), z.unknown()).optional().openapi({ description: "Model options; accepted and ignored by embedding models", example: {} });

/** Body of POST /api/embed. */
export const embedRequestSchema = z
  .object({
    model: modelName,
    input: z
      .union([z.string(), z.array(z.string())])
      .openapi({ description: "Text or texts to embed; `\"\"` or `[]` returns no embeddings", example: ["Why is the sky blue?", "Why is the grass green?"] }),
    truncate: z.boolean().optional().openapi({ description: "Cut inputs longer than the context (default true); false rejects them with 400", example: true }),
    dimensions: z.number().int().min(1).optional().openapi({ description: "Keep only the first N dimensions, then re-normalise", example: 64 }),
    keep_alive: keepAlive,
    options,
    input_type: inputType,
  })
  .openapi("OllamaEmbedRequest");

/** Response of POST /api/embed. */
export const embedResponseSchema = z
  .object({
    model: z.string().openapi({ description: "The model name as requested", example: "glove-100d" }),
    embeddings: z.array(z.array(z.number())).openapi({ description: "L2-normalised vectors, in input order", example: [[0.01, -0.02, 0.03]] }),
    total_duration: z.number().int().openapi({ description: "Time spent on the request, in nanoseconds", example: 1250000 }),
    load_duration: z.number().int().openapi({ description: "Time spent loading the model, in nanoseconds", example: 0 }),
    prompt_eval_count: z.number().int().openapi({ description: "Tokens read over all inputs", example: 9 }),
  })
  .openapi("OllamaEmbedResponse");

/** Body of the legacy POST /api/embeddings. */
export const embeddingsRequestSchema = z
  .object({
    model: modelName,
    prompt: z.string().openapi({ description: "One text to embed", example: "Here is an article about llamas..." }),
    keep_alive: keepAlive,
    options,
  })
  .openapi("OllamaEmbeddingsRequest");

/** Response of the legacy POST /api/embeddings: the model's raw vector, not re-normalised. */
export const embeddingsResponseSchema = z
  .object({ embedding: z.array(z.number()).openapi({ description: "The raw vector (`[]` for an empty prompt)", example: [0.5670403838157654, 0.009260174818336964] }) })
  .openapi("OllamaEmbeddingsResponse");

/** Body of POST /api/show (`name` is the older spelling of `model`). */
export const showRequestSchema = z
  .object({
    model: z.string().min(1).optional().openapi({ description: "Model name", example: "glove-100d" }),
    name: z.string().min(1).optional().openapi({ description: "Older spelling of `model`", example: "glove-100d" }),
    verbose: z.boolean().optional().openapi({ description: "Accepted and ignored", example: false }),
  })
  .refine((body) => body.model !== undefined || body.name !== undefined, { message: "model is required", path: ["model"] })
  .openapi("OllamaShowRequest");

const detailsSchema = z
  .object({
    parent_model: z.string().openapi({ description: "Always empty", example: "" }),
    format: z.string().openapi({ description: "Weight file format", example: "safetensors" }),
    family: z.string().openapi({ description: "Architecture family", example: "model2vec" }),
    families: z.array(z.string()).openapi({ description: "Architecture families", example: ["model2vec"] }),
    parameter_size: z.string().openapi({ description: "Parameter count, rounded (e.g. 10M)", example: "10M" }),
    quantization_level: z.string().openapi({ description: "Storage type of the weights", example: "F16" }),
  })
  .openapi("OllamaModelDetails");

/** One entry of GET /api/tags. */
export const tagSchema = z
  .object({
    name: z.string().openapi({ description: "Model name with tag", example: "glove-100d:latest" }),
    model: z.string().openapi({ description: "Same as name", example: "glove-100d:latest" }),
    modified_at: z.string().openapi({ description: "RFC 3339 time", example: "2026-11-27T07:00:00.000Z" }),
    size: z.number().int().openapi({ description: "Bytes of weights (0 until first loaded)", example: 20000000 }),
    digest: z.string().openapi({ description: "Content digest", example: "3f1c0b2a9d8e7f60" }),
    details: detailsSchema,
  })
  .openapi("OllamaTag");

/** Response of GET /api/tags. */
export const tagsResponseSchema = z.object({ models: z.array(tagSchema).openapi({ description: "Every model in the catalog" }) }).openapi("OllamaTags");

/** One entry of GET /api/ps. */
export const psEntrySchema = tagSchema
  .extend({
    expires_at: z.string().openapi({ description: "When the model unloads (far future = never)", example: "2318-01-01T00:00:00.000Z" }),
    size_vram: z.number().int().openapi({ description: "Always 0: models run on the CPU", example: 0 }),
    context_length: z.number().int().openapi({ description: "Tokens the model reads at most", example: 512 }),
  })
  .openapi("OllamaRunningModel");

/** Response of GET /api/ps. */
export const psResponseSchema = z.object({ models: z.array(psEntrySchema).openapi({ description: "Models loaded in memory" }) }).openapi("OllamaPs");

/** Response of POST /api/show. */
export const showResponseSchema = z
  .object({
    license: z.string().openapi({ description: "Licence of the weights, where known", example: "MIT" }),
    modelfile: z.string().openapi({ description: "Always empty: models come from the catalog", example: "" }),
    parameters: z.string().openapi({ description: "Always empty", example: "" }),
    template: z.string().openapi({ description: "Always empty: embedding models have no prompt template", example: "" }),
    details: detailsSchema,
    model_info: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .openapi({ description: "GGUF-style facts: `<arch>.embedding_length`, `<arch>.context_length`, parameter count", example: { "general.architecture": "model2vec", "model2vec.embedding_length": 100 } }),
    capabilities: z.array(z.string()).openapi({ description: "What the model can do", example: ["embedding"] }),
    modified_at: z.string().openapi({ description: "RFC 3339 time", example: "2026-11-27T07:00:00.000Z" }),
  })
  .openapi("OllamaShowResponse");

/** Ollama's error body. */
export const ollamaErrorSchema = z.object({ error: z.string().openapi({ description: "What went wrong", example: 'model "nope" not found' }) }).openapi("OllamaError");

export type OllamaEmbedRequest = z.infer<typeof embedRequestSchema>;
export type OllamaEmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;
