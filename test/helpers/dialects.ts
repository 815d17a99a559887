import { expect } from "vitest";

/** The four error wire shapes the server speaks. */
export type ErrorShape = "openai" | "ollama" | "cohere" | "tei";

/** One POST route, the error shape it answers in and a small valid body for it. */
export interface PostRoute {
  name: string;
  path: string;
  shape: ErrorShape;
  valid: Record<string, unknown>;
}

const model = "glove-100d";

/** Every POST route that embeds or reranks, one per dialect flavour. */
export const POST_ROUTES: PostRoute[] = [
  { name: "openai", path: "/v1/embeddings", shape: "openai", valid: { model, input: "the quick brown fox" } },
  { name: "openai (unversioned)", path: "/embeddings", shape: "openai", valid: { model, input: "the quick brown fox" } },
  { name: "ollama", path: "/api/embed", shape: "ollama", valid: { model, input: "the quick brown fox" } },
  { name: "ollama legacy", path: "/api/embeddings", shape: "ollama", valid: { model, prompt: "the quick brown fox" } },
  { name: "api rerank", path: "/api/rerank", shape: "ollama", valid: { model, query: "cats", documents: ["a cat", "a car"] } },
  { name: "rerank v1", path: "/v1/rerank", shape: "cohere", valid: { model, query: "cats", documents: ["a cat", "a car"] } },
  { name: "rerank v2", path: "/v2/rerank", shape: "cohere", valid: { model, query: "cats", documents: ["a cat", "a car"] } },
  { name: "rerank TEI", path: "/rerank", shape: "tei", valid: { query: "cats", texts: ["a cat", "a car"] } },
  { name: "batch", path: "/api/embed/batch", shape: "ollama", valid: { model, inputs: [["a cat"], ["a dog", "a bird"]] } },
];

/** The route with this name (throws on a typo). */
export function route(name: string): PostRoute {
  const found = POST_ROUTES.find((r) => r.name === name);
  if (!found) throw new Error(`no route named ${name}`);
  return found;
}

/** The shape a path answers errors in (what src/app.ts's rendererFor decides). */
export function shapeOf(path: string): ErrorShape {
  if (path.startsWith("/api/")) return "ollama";
  if (path === "/v1/rerank" || path === "/v2/rerank") return "cohere";
  if (path === "/rerank") return "tei";
  return "openai";
}

/** What an error assertion needs of a response (fetch-based and raw responses both fit). */
export interface ErrorResponseLike {
  status: number;
  json: any;
  text: string;
  contentType: string | null | undefined;
}

/**
 * Asserts an error response: the status, a JSON content type, and exactly the dialect's error
 * body (no extra keys, non-empty message). Returns the message.
 */
export function expectErrorBody(shape: ErrorShape, res: ErrorResponseLike, status: number | number[]): string {
  const where = `${res.status} ${res.text.slice(0, 300)}`;
  if (Array.isArray(status)) expect(status, where).toContain(res.status);
  else expect(res.status, where).toBe(status);
  expect(res.contentType ?? "", where).toMatch(/^application\/json/);
  expect(res.json, `body is JSON: ${where}`).toBeTypeOf("object");
  const body = res.json;
  let message: unknown;
  switch (shape) {
    case "openai":
      expect(Object.keys(body), where).toEqual(["error"]);
      expect(Object.keys(body.error).sort(), where).toEqual(["code", "message", "param", "type"]);
      expect(typeof body.error.type, where).toBe("string");
      expect(body.error.param === null || typeof body.error.param === "string", where).toBe(true);
      expect(body.error.code === null || typeof body.error.code === "string", where).toBe(true);
      message = body.error.message;
      break;
    case "ollama":
      expect(Object.keys(body), where).toEqual(["error"]);
      message = body.error;
      break;
    case "cohere":
      expect(Object.keys(body), where).toEqual(["message"]);
      message = body.message;
      break;
    case "tei":
      expect(Object.keys(body).sort(), where).toEqual(["error", "error_type"]);
      expect(typeof body.error_type, where).toBe("string");
      message = body.error;
      break;
  }
  expect(typeof message, where).toBe("string");
  expect((message as string).length, where).toBeGreaterThan(0);
  return message as string;
}

/** POSTs a body (an object, or raw text sent as is) with fetch and reads the answer. */
export async function post(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<ErrorResponseLike & { headers: Headers }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, contentType: response.headers.get("content-type"), headers: response.headers };
}

/** Every number in a (nested) array, for finiteness checks. */
export function numbersIn(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  return [];
}

/** The vectors or scores a 200 answer of a route carries, flattened, so a test can check they are finite. */
export function answerNumbers(path: string, json: any): number[] {
  switch (path) {
    case "/v1/embeddings":
    case "/embeddings":
      return numbersIn(json.data.map((d: { embedding: number[] }) => d.embedding));
    case "/api/embed":
      return numbersIn(json.embeddings);
    case "/api/embeddings":
      return numbersIn(json.embedding);
    case "/api/embed/batch":
      return numbersIn(json.batches);
    case "/rerank":
      return Array.isArray(json) ? json.map((r: { score: number }) => r.score) : json.results.map((r: { relevance_score: number }) => r.relevance_score);
    default:
      return json.results.map((r: { relevance_score: number }) => r.relevance_score);
  }
}

/** Asserts a 200 answer whose every number is finite (no NaN-turned-null, no Infinity). */
export function expectFiniteAnswer(path: string, res: { status: number; json: any; text: string }): void {
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  expect(res.text).not.toMatch(/null|NaN|Infinity/);
  const numbers = answerNumbers(path, res.json);
  expect(numbers.length).toBeGreaterThan(0);
  expect(numbers.every(Number.isFinite)).toBe(true);
}

/** Posts each route's own valid body and expects 200: the server still answers. */
export async function expectStillServing(baseUrl: string, routes: PostRoute[] = [POST_ROUTES[0]], headers: Record<string, string> = {}): Promise<void> {
  for (const r of routes) {
    const res = await post(baseUrl, r.path, r.valid, headers);
    expect(res.status, `${r.path} after the abuse: ${res.text.slice(0, 300)}`).toBe(200);
  }
}
