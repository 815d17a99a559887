import { z } from "@hono/zod-openapi";

const nonEmptyText = z.string().min(1, "must not be empty");

/** Body of POST /v1/embeddings, as the OpenAI API defines it. */
export const embeddingsRequestSchema = z
  .object({
    input: z
      .union([nonEmptyText, z.array(nonEmptyText).min(1, "must contain at least one text").max(2048, "at most 2048 texts per request")])
      .openapi({ description: "Text to embed: one string, or an array of 1 to 2048 strings. Empty strings are rejected.", example: ["The food was delicious.", "The waiter was friendly."] }),
    model: z.string().min(1).openapi({ description: "Model id or alias (see GET /v1/models)", example: "glove-100d" }),
    encoding_format: z
      .enum(["float", "base64"])
      .optional()
      .openapi({ description: "`float` (default) for a JSON array, or `base64` for little-endian float32 bytes", example: "float" }),
    dimensions: z.number().int().min(1).optional().openapi({ description: "Keep only the first N dimensions, then re-normalise", example: 64 }),
    user: z.string().optional().openapi({ description: "End-user id; accepted and ignored", example: "user-1234" }),
    input_type: z
      .enum(["query", "document"])
      .optional()
      .openapi({ description: "embedgate extension: which prompt template an instruction-aware model applies", example: "query" }),
  })
  .openapi("EmbeddingsRequest");

/** One vector of the response: floats, or a base64 string of little-endian float32 bytes. */
export const embeddingObjectSchema = z
  .object({
    object: z.literal("embedding").openapi({ description: "Always `embedding`", example: "embedding" }),
    index: z.number().int().openapi({ description: "Position of the input this vector belongs to", example: 0 }),
    embedding: z
      .union([z.array(z.number()), z.string()])
      .openapi({ description: "The vector: number[] for encoding_format=float, a base64 string of float32 little-endian bytes for base64", example: [0.0123, -0.0456, 0.0789] }),
  })
  .openapi("Embedding");

/** Response of POST /v1/embeddings. */
export const embeddingsResponseSchema = z
  .object({
    object: z.literal("list").openapi({ description: "Always `list`", example: "list" }),
    data: z.array(embeddingObjectSchema).openapi({ description: "One vector per input, in input order" }),
    model: z.string().openapi({ description: "The model name as requested", example: "glove-100d" }),
    usage: z
      .object({
        prompt_tokens: z.number().int().openapi({ description: "Tokens read over all inputs", example: 8 }),
        total_tokens: z.number().int().openapi({ description: "Same as prompt_tokens for embeddings", example: 8 }),
      })
      .openapi({ description: "Token counts" }),
  })
  .openapi("EmbeddingsResponse");

/** A model as GET /v1/models lists it. */
export const modelObjectSchema = z
  .object({
    id: z.string().openapi({ description: "Model id", example: "glove-100d" }),
    object: z.literal("model").openapi({ description: "Always `model`", example: "model" }),
    created: z.number().int().openapi({ description: "Unix seconds when the server started serving it", example: 1764230400 }),
    owned_by: z.string().openapi({ description: "Always `embedgate`", example: "embedgate" }),
  })
  .openapi("Model");

/** Response of GET /v1/models. */
export const modelListSchema = z
  .object({ object: z.literal("list").openapi({ description: "Always `list`", example: "list" }), data: z.array(modelObjectSchema).openapi({ description: "The models served" }) })
  .openapi("ModelList");

/** OpenAI's error body. */
export const openAIErrorSchema = z
  .object({
    error: z.object({
      message: z.string().openapi({ description: "What went wrong", example: "input: must not be empty" }),
      type: z.string().openapi({ description: "invalid_request_error, authentication_error or server_error", example: "invalid_request_error" }),
      param: z.string().nullable().openapi({ description: "The request field at fault, if any", example: "input" }),
      code: z.string().nullable().openapi({ description: "Machine-readable code", example: "invalid_request" }),
    }).openapi({ description: "The error" }),
  })
  .openapi("OpenAIError");

export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;
