import { z } from "@hono/zod-openapi";

const model = z.string().min(1).openapi({ description: "Model id or alias; any embedding model reranks by cosine similarity", example: "glove-100d" });
const optionalModel = model.optional().openapi({ description: "Model id or alias; the default model when absent", example: "glove-100d" });
const query = z.string().min(1, "must not be empty").openapi({ description: "The search query", example: "What do cats like to eat?" });
const documentText = z.string().openapi({ description: "A document to score", example: "Kittens love fish and milk." });
const documentList = z.array(documentText).min(1, "must contain at least one document");
const topN = z.number().int().min(1).optional().openapi({ description: "Keep the best N results; larger than the list is fine", example: 3 });

/** The original service's POST /api/rerank. */
export const apiRerankRequestSchema = z
  .object({ model, query, documents: documentList.openapi({ description: "Documents to score" }), top_k: topN })
  .openapi("ApiRerankRequest");

export const apiRerankResponseSchema = z
  .object({
    model: z.string().openapi({ description: "The model name as requested", example: "glove-100d" }),
    results: z
      .array(
        z.object({
          index: z.number().int().openapi({ description: "Position in `documents`", example: 0 }),
          document: z.string().openapi({ description: "The document text", example: "Kittens love fish and milk." }),
          relevance_score: z.number().openapi({ description: "(cosine + 1) / 2, in [0, 1]", example: 0.87 }),
        }),
      )
      .openapi({ description: "Best first; ties keep input order" }),
  })
  .openapi("ApiRerankResponse");

/** A Cohere v1 / Jina document: a string, or an object with `text` (or the `rank_fields`). */
const richDocument = z
  .union([documentText, z.record(z.string(), z.unknown())])
  .openapi({ description: "A string, or an object whose `text` (or `rank_fields`) is scored", example: "Kittens love fish and milk." });

/** Body of POST /v1/rerank (Jina, Cohere v1). */
export const v1RerankRequestSchema = z
  .object({
    model: optionalModel,
    query,
    documents: z.array(richDocument).min(1, "must contain at least one document").openapi({ description: "Documents to score" }),
    top_n: topN,
    return_documents: z.boolean().optional().openapi({ description: "Include each document in the results (default true)", example: true }),
    rank_fields: z.array(z.string().min(1)).min(1).optional().openapi({ description: "For object documents: the fields scored, as `field: value` lines", example: ["title", "body"] }),
  })
  .openapi("V1RerankRequest");

/** Body of POST /v2/rerank (Cohere v2). */
export const v2RerankRequestSchema = z
  .object({
    model,
    query,
    documents: documentList.openapi({ description: "Documents to score" }),
    top_n: topN,
    return_documents: z.boolean().optional().openapi({ description: "Include each document in the results (default false)", example: false }),
    max_tokens_per_doc: z.number().int().min(1).optional().openapi({ description: "Accepted; documents are truncated at the model's own limit", example: 4096 }),
  })
  .openapi("V2RerankRequest");

const rankedSchema = z.object({
  index: z.number().int().openapi({ description: "Position in `documents`", example: 0 }),
  relevance_score: z.number().openapi({ description: "(cosine + 1) / 2, in [0, 1]", example: 0.87 }),
  document: z
    .object({ text: z.string().openapi({ description: "The scored text", example: "Kittens love fish and milk." }) })
    .optional()
    .openapi({ description: "Present when return_documents is true" }),
});

const meta = z
  .object({
    api_version: z.object({ version: z.string().openapi({ description: "Cohere API version", example: "2" }) }).openapi({ description: "API version" }),
    billed_units: z.object({ search_units: z.number().int().openapi({ description: "Always 1 per request", example: 1 }) }).openapi({ description: "Units billed" }),
  })
  .openapi({ description: "Cohere's response metadata" });

export const rerankResponseSchema = z
  .object({
    id: z.string().openapi({ description: "Request id (same as x-request-id)", example: "3f0b8d2e-1c55-4e0b-9d8a-7a1b2c3d4e5f" }),
    model: z.string().optional().openapi({ description: "The model name as requested", example: "glove-100d" }),
    results: z.array(rankedSchema).openapi({ description: "Best first; ties keep input order" }),
    usage: z.object({ total_tokens: z.number().int().openapi({ description: "Tokens over the query and documents", example: 42 }) }).optional().openapi({ description: "Token counts (Jina)" }),
    meta,
  })
  .openapi("RerankResponse");

/** Body of TEI's POST /rerank. */
export const teiRerankRequestSchema = z
  .object({
    model: optionalModel,
    query,
    texts: documentList.openapi({ description: "Texts to score" }),
    raw_scores: z.boolean().optional().openapi({ description: "Return the cosine in [-1, 1] instead of the [0, 1] score", example: false }),
    return_text: z.boolean().optional().openapi({ description: "Include each text in the results", example: false }),
    truncate: z.boolean().optional().openapi({ description: "Cut over-long texts (default true)", example: true }),
    truncation_direction: z.enum(["Right", "right"]).optional().openapi({ description: "Only right truncation is supported", example: "Right" }),
  })
  .openapi("TeiRerankRequest");

export const teiRerankResponseSchema = z
  .array(
    z.object({
      index: z.number().int().openapi({ description: "Position in `texts`", example: 0 }),
      score: z.number().openapi({ description: "Relevance score", example: 0.87 }),
      text: z.string().optional().openapi({ description: "The text, when return_text is true", example: "Kittens love fish and milk." }),
    }),
  )
  .openapi("TeiRerankResponse");

/** Cohere's error body (POST /v1/rerank, /v2/rerank). */
export const cohereErrorSchema = z.object({ message: z.string().openapi({ description: "What went wrong", example: "query: must not be empty" }) }).openapi("CohereError");
/** TEI's error body (POST /rerank). */
export const teiErrorSchema = z
  .object({
    error: z.string().openapi({ description: "What went wrong", example: "texts: must contain at least one document" }),
    error_type: z.string().openapi({ description: "Validation, Overloaded or Backend", example: "Validation" }),
  })
  .openapi("TeiError");

export type ApiRerankRequest = z.infer<typeof apiRerankRequestSchema>;
export type V1RerankRequest = z.infer<typeof v1RerankRequestSchema>;
export type V2RerankRequest = z.infer<typeof v2RerankRequestSchema>;
export type TeiRerankRequest = z.infer<typeof teiRerankRequestSchema>;
