import type { EmbedJob, EmbedResult } from "../../engine/jobs.js";
import type { JobContext } from "../../http/embed-context.js";
import { vectorBase64Json, vectorJson } from "../../http/vector-text.js";
import type { EmbeddingsRequest } from "./schemas.js";

/** OpenAI semantics: vectors are unit-length, long inputs are truncated by the model. */
export function toEmbedJob(body: EmbeddingsRequest, context: JobContext): EmbedJob {
  return {
    model: body.model,
    inputs: typeof body.input === "string" ? [body.input] : body.input,
    dimensions: body.dimensions,
    normalize: true,
    truncate: true,
    inputType: body.input_type,
    ...context,
  };
}

/**
 * The OpenAI response body as JSON text, floats or base64 as asked. Written by hand so each
 * vector's serialised form can be reused (see vector-text.ts); the shape is
 * `{object:"list", data:[{object:"embedding", index, embedding}], model, usage}`.
 */
export function toEmbeddingsResponseText(body: EmbeddingsRequest, result: EmbedResult): string {
  const serialise = body.encoding_format === "base64" ? vectorBase64Json : vectorJson;
  const data = result.vectors.map((vector, index) => `{"object":"embedding","index":${index},"embedding":${serialise(vector)}}`);
  const tokens = result.promptTokens;
  return `{"object":"list","data":[${data.join(",")}],"model":${JSON.stringify(body.model)},"usage":{"prompt_tokens":${tokens},"total_tokens":${tokens}}}`;
}
