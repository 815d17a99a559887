import type { SentRequest } from "./raw.js";

/** A plain-`fetch` answer: status, parsed JSON body and headers, whatever the status. */
export interface RawAnswer {
  status: number;
  json: any;
  headers: Headers;
}

/** POSTs JSON with plain `fetch` and returns the answer as is (no status check). */
export async function postRaw(url: string, body: unknown): Promise<RawAnswer> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`POST ${url} → ${response.status}, not JSON: ${text}`);
  }
  return { status: response.status, json, headers: response.headers };
}

/** A request a client sent, with its headers (names lower-cased). */
export interface SentRequestWithHeaders extends SentRequest {
  headers: Record<string, string>;
}

/**
 * Like `recordingFetch` in raw.ts, but also keeps each request's headers, so a client's auth and
 * identification headers can be asserted. Forwards every call unchanged.
 */
export function headerRecordingFetch(): { fetch: typeof fetch; sent: SentRequestWithHeaders[] } {
  const sent: SentRequestWithHeaders[] = [];
  const recorder: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const text = request.body ? await request.clone().text() : "";
    sent.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body: text ? JSON.parse(text) : undefined });
    return fetch(request);
  };
  return { fetch: recorder, sent };
}

/** Cosine similarity, computed here from the vectors alone (no assumption that they are unit length). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return dot / Math.sqrt(aa * bb);
}
