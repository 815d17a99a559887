import { HIT_TEXT, textPool, uniqueTexts } from "./texts.js";

/** The two models every scenario family runs on: the built-in default and the 1024-d stand-in. */
export const MODELS = [
  { key: "100d", id: "glove-100d", dimensions: 100 },
  { key: "1024d", id: "m2v-1024", dimensions: 1024 },
] as const;
export const FORMATS = ["float", "base64"] as const;
export type Format = (typeof FORMATS)[number];
export type Group = "ceiling" | "hit" | "miss" | "duplicate";

/** Skips cache reads once the engine has a cache; harmless before. */
export const NO_CACHE = { "cache-control": "no-cache" };

/** One scenario: what to send, where, at which concurrencies, and which ceiling it is measured against. */
export interface Scenario {
  name: string;
  group: Group;
  target: "ceiling" | "server";
  model: string;
  format: Format;
  ceilingKey: string;
  connections: number[];
  path: string;
  body?: string;
  nextBody?: () => string;
  headers?: Record<string, string>;
}

export const ceilingKey = (modelKey: string, format: Format) => `${modelKey}-${format}`;

/** The request body of the cache-hit scenarios, and the one whose response the ceiling serves. */
export function hitBody(modelId: string, format: Format): string {
  return JSON.stringify({ model: modelId, input: HIT_TEXT, encoding_format: format });
}

export function singleBody(modelId: string, text: string, format: Format = "float"): string {
  return JSON.stringify({ model: modelId, input: text, encoding_format: format });
}

/** Every timed scenario, in the order they run: ceilings, hits, misses, duplicates. */
export function buildScenarios(connections: number[], duplicateConnections: number): Scenario[] {
  const scenarios: Scenario[] = [];
  for (const model of MODELS) {
    for (const format of FORMATS) {
      const key = ceilingKey(model.key, format);
      const common = { model: model.id, format, ceilingKey: key, connections, body: hitBody(model.id, format) };
      scenarios.push({ ...common, name: `ceiling ${model.key} ${format}`, group: "ceiling", target: "ceiling", path: `/ceiling/${key}` });
    }
  }
  for (const model of MODELS) {
    for (const format of FORMATS) {
      const key = ceilingKey(model.key, format);
      scenarios.push({
        name: `hit ${model.key} ${format}`, group: "hit", target: "server", model: model.id, format, ceilingKey: key,
        connections, path: "/v1/embeddings", body: hitBody(model.id, format),
      });
    }
  }
  const def = MODELS[0];
  const next = uniqueTexts("miss-");
  scenarios.push({
    name: `miss ${def.key} float (unique, no-cache)`, group: "miss", target: "server", model: def.id, format: "float",
    ceilingKey: ceilingKey(def.key, "float"), connections, path: "/v1/embeddings", headers: NO_CACHE,
    nextBody: () => singleBody(def.id, next()),
  });
  // Five texts new to this run, sent round-robin at high concurrency: about ten identical requests
  // are in flight at once. With no-cache only coalescing of in-flight work can help; with the cache
  // allowed, the first sight of each text misses and every later request can hit.
  for (const cached of [false, true]) {
    const pool = textPool(cached ? "dupc-" : "dupn-", 5);
    let i = 0;
    scenarios.push({
      name: `dup pool-5 ${def.key} float (${cached ? "cache allowed" : "no-cache"})`, group: "duplicate", target: "server",
      model: def.id, format: "float", ceilingKey: ceilingKey(def.key, "float"), connections: [duplicateConnections],
      path: "/v1/embeddings", headers: cached ? undefined : NO_CACHE, nextBody: () => singleBody(def.id, pool[i++ % pool.length]),
    });
  }
  return scenarios;
}
