import { AppError } from "../../errors.js";
import type { RerankJob, RerankResult } from "../../engine/rerank.js";
import type { JobContext } from "../../http/embed-context.js";
import type { ApiRerankRequest, TeiRerankRequest, V1RerankRequest, V2RerankRequest } from "./schemas.js";

/** The original service's /api/rerank. */
export function fromApiRerank(body: ApiRerankRequest, context: JobContext): RerankJob {
  return { model: body.model, query: body.query, documents: body.documents, topN: body.top_k, truncate: true, ...context };
}

export function toApiRerankResponse(body: ApiRerankRequest, result: RerankResult) {
  return {
    model: body.model,
    results: result.results.map((r) => ({ index: r.index, document: body.documents[r.index], relevance_score: r.relevanceScore })),
  };
}

/** A Jina / Cohere request, translated: the job, the scored texts and how to answer. */
export interface CohereRerank {
  job: RerankJob;
  /** The text each document was scored on (returned as `document.text`). */
  texts: string[];
  returnDocuments: boolean;
  /** The model name as requested, echoed when given. */
  model: string | undefined;
  version: "1" | "2";
}

/** Jina / Cohere v1: documents may be objects, scored on `text` or on the `rank_fields`; documents returned by default. */
export function fromV1Rerank(body: V1RerankRequest, context: JobContext): CohereRerank {
  const texts = body.documents.map((document, i) => documentText(document, i, body.rank_fields));
  const job = { model: body.model, query: body.query, documents: texts, topN: body.top_n, truncate: true, ...context };
  return { job, texts, returnDocuments: body.return_documents ?? true, model: body.model, version: "1" };
}

/** Cohere v2: string documents, no document in the results unless asked. */
export function fromV2Rerank(body: V2RerankRequest, context: JobContext): CohereRerank {
  const job = { model: body.model, query: body.query, documents: body.documents, topN: body.top_n, truncate: true, ...context };
  return { job, texts: body.documents, returnDocuments: body.return_documents ?? false, model: body.model, version: "2" };
}

/** The Jina / Cohere response: `document` when asked, `usage` for Jina, `meta` for Cohere. */
export function toCohereResponse(requestId: string, request: CohereRerank, result: RerankResult) {
  return {
    id: requestId,
    ...(request.model === undefined ? {} : { model: request.model }),
    results: result.results.map((r) => ({
      index: r.index,
      relevance_score: r.relevanceScore,
      ...(request.returnDocuments ? { document: { text: request.texts[r.index] } } : {}),
    })),
    usage: { total_tokens: result.totalTokens },
    meta: { api_version: { version: request.version }, billed_units: { search_units: 1 } },
  };
}

/** TEI's /rerank. */
export function fromTeiRerank(body: TeiRerankRequest, context: JobContext): RerankJob {
  return { model: body.model, query: body.query, documents: body.texts, truncate: body.truncate ?? true, ...context };
}

export function toTeiResponse(body: TeiRerankRequest, result: RerankResult) {
  return result.results.map((r) => ({
    index: r.index,
    score: body.raw_scores ? r.rawScore : r.relevanceScore,
    ...(body.return_text ? { text: body.texts[r.index] } : {}),
  }));
}

function documentText(document: string | Record<string, unknown>, index: number, rankFields: string[] | undefined): string {
  if (typeof document === "string") return document;
  // Own fields only: "__proto__" or "toString" must read as missing, not as Object.prototype's.
  if (rankFields) return rankFields.map((field) => `${field}: ${stringify(Object.hasOwn(document, field) ? document[field] : undefined)}`).join("\n");
  if (Object.hasOwn(document, "text") && typeof document.text === "string") return document.text;
  throw new AppError("invalid_request", `documents[${index}] must be a string or an object with a "text" string (or name rank_fields)`, { param: `documents[${index}]` });
}

function stringify(value: unknown): string {
  return typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
}
