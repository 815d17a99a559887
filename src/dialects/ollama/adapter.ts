import type { EmbedJob, EmbedResult } from "../../engine/jobs.js";
import type { JobContext } from "../../http/embed-context.js";
import { parseKeepAlive } from "../../models/keep-alive.js";
import { vectorJson } from "../../http/vector-text.js";
import type { LoadedModel } from "../../models/registry.js";
import type { OllamaEmbedRequest, OllamaEmbeddingsRequest } from "./schemas.js";

const NS_PER_MS = 1_000_000;

/** /api/embed: normalised vectors, truncation on unless `truncate: false`. */
export function toEmbedJob(body: OllamaEmbedRequest, context: JobContext): EmbedJob {
  return {
    model: body.model,
    inputs: typeof body.input === "string" ? (body.input === "" ? [] : [body.input]) : body.input,
    dimensions: body.dimensions,
    normalize: true,
    truncate: body.truncate ?? true,
    keepAliveMs: body.keep_alive === undefined ? undefined : parseKeepAlive(body.keep_alive),
    inputType: body.input_type,
    ...context,
  };
}

/** The /api/embed response as JSON text (vectors' serialised forms are reused), durations in nanoseconds. */
export function toEmbedResponseText(body: OllamaEmbedRequest, result: EmbedResult): string {
  const totalNs = Math.round(result.timings.totalMs * NS_PER_MS);
  const loadNs = Math.round(result.timings.loadMs * NS_PER_MS);
  return `{"model":${JSON.stringify(body.model)},"embeddings":[${result.vectors.map(vectorJson).join(",")}],"total_duration":${totalNs},"load_duration":${loadNs},"prompt_eval_count":${result.promptTokens}}`;
}

/** Legacy /api/embeddings: one prompt, the model's own vector without re-normalisation. */
export function toLegacyEmbedJob(body: OllamaEmbeddingsRequest, context: JobContext): EmbedJob {
  const keepAliveMs = body.keep_alive === undefined ? undefined : parseKeepAlive(body.keep_alive);
  return { model: body.model, inputs: body.prompt === "" ? [] : [body.prompt], normalize: false, truncate: true, keepAliveMs, ...context };
}

/** Builds the legacy response: `[]` for an empty prompt, as Ollama answers. */
export function toLegacyEmbeddingsResponse(result: EmbedResult) {
  return { embedding: result.vectors.length ? Array.from(result.vectors[0]) : [] };
}

/** Ollama names carry a tag; ours are untagged, so every name is `:latest`. */
export function taggedName(id: string): string {
  return id.includes(":") ? id : `${id}:latest`;
}

/** `details` of /api/tags, /api/ps and /api/show. */
export function modelDetails(model: LoadedModel | undefined) {
  const info = model?.backend.info;
  return {
    parent_model: "",
    format: "safetensors",
    family: info?.architecture ?? "model2vec",
    families: [info?.architecture ?? "model2vec"],
    parameter_size: info ? formatParameterCount(info.parameterCount) : "",
    quantization_level: info?.quantization ?? "",
  };
}

/** 10_000_000 → "10M", as Ollama prints parameter sizes. */
export function formatParameterCount(count: number): string {
  if (count >= 1e9) return `${(count / 1e9).toFixed(1).replace(/\.0$/, "")}B`;
  if (count >= 1e6) return `${(count / 1e6).toFixed(1).replace(/\.0$/, "")}M`;
  if (count >= 1e3) return `${(count / 1e3).toFixed(1).replace(/\.0$/, "")}K`;
  return String(count);
}
