import type { EmbedJob, EmbedResult } from "../../engine/jobs.js";
import type { EmbeddingsRequest } from "./schemas.js";

/** OpenAI semantics: vectors are unit-length, long inputs are truncated by the model. */
export function toEmbedJob(body: EmbeddingsRequest, signal?: AbortSignal): EmbedJob {
  return {
    model: body.model,
    inputs: typeof body.input === "string" ? [body.input] : body.input,
    dimensions: body.dimensions,
    normalize: true,
    truncate: true,
    signal,
  };
}

/** Base64 of a vector's little-endian float32 bytes, the format the openai SDK decodes. */
export function vectorToBase64(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString("base64");
}

/** Builds the OpenAI response body, writing floats or base64 as asked. */
export function toEmbeddingsResponse(body: EmbeddingsRequest, result: EmbedResult) {
  const asBase64 = body.encoding_format === "base64";
  return {
    object: "list" as const,
    data: result.vectors.map((vector, index) => ({
      object: "embedding" as const,
      index,
      embedding: asBase64 ? vectorToBase64(vector) : Array.from(vector),
    })),
    model: body.model,
    usage: { prompt_tokens: result.promptTokens, total_tokens: result.promptTokens },
  };
}
