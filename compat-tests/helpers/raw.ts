import { expect } from "vitest";

/** POSTs JSON with plain `fetch` and fails loudly (status and body) unless the answer is 200. */
async function postOk(url: string, body: unknown): Promise<any> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`POST ${url} ${JSON.stringify(body)} → ${response.status} ${text}`);
  return JSON.parse(text);
}

/** The server's own answer, without any client in between: POST /v1/embeddings with `encoding_format: "float"`. */
export async function rawOpenAIEmbeddings(baseUrl: string, model: string, input: string | string[], extra: Record<string, unknown> = {}): Promise<number[][]> {
  const json = await postOk(`${baseUrl}/v1/embeddings`, { model, input, encoding_format: "float", ...extra });
  return json.data.map((d: { embedding: number[] }) => d.embedding);
}

/** POST /api/embed with plain `fetch`. */
export async function rawOllamaEmbed(baseUrl: string, model: string, input: string | string[], extra: Record<string, unknown> = {}): Promise<number[][]> {
  return (await postOk(`${baseUrl}/api/embed`, { model, input, ...extra })).embeddings;
}

/** A request a client sent, as seen by a wrapped `fetch`. */
export interface SentRequest {
  method: string;
  url: string;
  body: any;
}

/**
 * A `fetch` that records what a client library sends (method, URL, parsed JSON body) and then
 * forwards the call unchanged, so tests can assert a library's defaults instead of guessing them.
 */
export function recordingFetch(): { fetch: typeof fetch; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const recorder: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const text = request.body ? await request.clone().text() : "";
    sent.push({ method: request.method, url: request.url, body: text ? JSON.parse(text) : undefined });
    return fetch(request);
  };
  return { fetch: recorder, sent };
}

/** Euclidean length. */
export const norm = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));

/** Same length and every component within `tolerance`. */
export function expectVectorsClose(actual: ArrayLike<number>[], expected: ArrayLike<number>[], tolerance = 1e-6): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((vector, i) => {
    expect(vector.length, `vector ${i} length`).toBe(expected[i].length);
    const worst = Math.max(...Array.from(vector, (value, j) => Math.abs(value - expected[i][j])));
    expect(worst, `vector ${i}: largest component difference`).toBeLessThanOrEqual(tolerance);
  });
}
