/**
 * transformers.js, strictly offline. Left at its defaults it downloads from the hub whenever a name
 * looks like a repo id ("owner/name") and the file is not found locally, and keeps a file cache
 * inside node_modules. Here remote models are off, caches are off (including the WASM-runtime cache, which
 * fetches from a CDN when onnxruntime-web is the runtime; under Node it is not), and its `fetch` is
 * one that throws and counts, so any path that would reach the network fails loudly instead.
 * Measured: loading and running the tiny models with defaults made no fetch call either; these
 * settings make that a guarantee rather than an observation.
 */
import type { env as TransformersEnv } from "@huggingface/transformers";
import { LogLevel } from "@huggingface/transformers";

/** Thrown by the fetch transformers.js is given. */
export class NetworkDisabledError extends Error {
  constructor(url: unknown) {
    super(`network access is disabled for the ONNX backend (transformers.js tried to fetch ${String(url)})`);
    this.name = "NetworkDisabledError";
  }
}

let attempts = 0;

/** How many times transformers.js asked for the network in this thread (always refused). */
export function networkAttempts(): number {
  return attempts;
}

/** Sets transformers.js' global environment for offline use from local folders given by absolute path. */
export function configureOffline(env: typeof TransformersEnv): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  // Models are loaded by absolute path, which transformers.js reads as is; a repo-id-like name would
  // be looked up under localModelPath, so point that nowhere useful.
  env.localModelPath = "/nonexistent-embedgate-models/";
  env.useFSCache = false;
  env.useBrowserCache = false;
  env.useWasmCache = false;
  env.useCustomCache = false;
  env.cacheDir = null;
  env.fetch = async (url: unknown) => {
    attempts++;
    throw new NetworkDisabledError(url);
  };
  // Missing optional files (e.g. generation_config.json) are expected; only errors are news.
  env.logLevel = LogLevel.ERROR;
}
