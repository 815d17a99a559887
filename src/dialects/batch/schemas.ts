import { z } from "@hono/zod-openapi";

/** Body of POST /api/embed/batch, the original service's batch endpoint. */
export const batchRequestSchema = z
  .object({
    model: z.string().min(1).openapi({ description: "Model id or alias", example: "glove-100d" }),
    inputs: z
      .array(z.array(z.string()).openapi({ description: "One batch of texts", example: ["first text", "second text"] }))
      .min(1, "must contain at least one batch")
      .openapi({ description: "Batches of texts; the response keeps this nesting exactly", example: [["a cat"], ["a dog", "a bird"]] }),
    batch_size: z.number().int().min(1).optional().openapi({ description: "Accepted for compatibility; the engine batches by its own token budget", example: 32 }),
    use_cache: z.boolean().optional().openapi({ description: "Read and write the embedding cache (default true)", example: true }),
  })
  .openapi("BatchEmbedRequest");

/** Response of POST /api/embed/batch. */
export const batchResponseSchema = z
  .object({
    model: z.string().openapi({ description: "The model name as requested", example: "glove-100d" }),
    batches: z.array(z.array(z.array(z.number()))).openapi({ description: "Normalised vectors, nested exactly as `inputs`", example: [[[0.1, 0.2]], [[0.3, 0.4], [0.5, 0.6]]] }),
    cache_stats: z
      .object({
        hits: z.number().int().openapi({ description: "Texts answered from the cache", example: 1 }),
        misses: z.number().int().openapi({ description: "Texts computed", example: 2 }),
        hit_rate: z.number().openapi({ description: "hits / (hits + misses), 0 when empty", example: 0.33 }),
      })
      .openapi({ description: "What the cache did for this request" }),
  })
  .openapi("BatchEmbedResponse");

export type BatchRequest = z.infer<typeof batchRequestSchema>;
