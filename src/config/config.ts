import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { CacheOptions } from "../cache/types.js";
import type { AdmissionOptions } from "../engine/admission.js";
import type { BatchOptions } from "../engine/batcher.js";
import type { EngineLimits } from "../engine/limits.js";
import { parseKeepAlive } from "../models/keep-alive.js";
import { loadCatalog, type Catalog } from "./catalog.js";

/** The project root: two levels above this file in both src/ and dist/. */
const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().min(1);
const nonNegativeInt = z.coerce.number().int().min(0);

/**
 * Every environment variable the server reads, its default and meaning. This schema is the
 * single source for validation and for the configuration reference in `config/env.example`.
 */
export const envSchema = z.object({
  HOST: z.string().min(1).default("127.0.0.1").describe("Interface to listen on; 0.0.0.0 in containers"),
  PORT: port.default(11435).describe("TCP port"),
  MODELS_FILE: z.string().min(1).default(join(PROJECT_ROOT, "config/models.json")).describe("Model catalog (JSON)"),
  EMBEDGATE_CACHE_DIR: z.string().min(1).default(join(homedir(), ".cache/embedgate")).describe("Where converted models (the built-in default) are kept"),
  HF_HOME: z.string().optional().describe("Hugging Face cache root; downloads go to $HF_HOME/hub"),
  HF_HUB_CACHE: z.string().optional().describe("Hub download folder; overrides $HF_HOME/hub"),
  HF_ENDPOINT: z.url().default("https://huggingface.co").describe("Hub address for models named by repo id"),
  HF_TOKEN: z.string().optional().describe("Hub access token for gated or private models (never logged)"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info").describe("Log verbosity"),
  LOG_PRETTY: z.stringbool().optional().describe("Human-readable logs (default: when stderr is a terminal)"),
  MAX_INPUTS_PER_REQUEST: positiveInt.default(16_384).describe("Most texts one embedding request may carry on any route (the OpenAI route also keeps OpenAI's own 2048)"),
  MAX_RERANK_DOCUMENTS: positiveInt.default(1000).describe("Most documents one rerank request may carry"),
  MAX_INPUT_CHARS: positiveInt.default(100_000).describe("Longest single input text, in characters"),
  EMBEDDING_CACHE_BYTES: nonNegativeInt.default(256 * 1024 * 1024).describe("In-process (L1) cache bound in bytes; 0 disables L1"),
  EMBEDDING_CACHE_SIZE: nonNegativeInt.default(100_000).describe("In-process (L1) cache bound in entries; 0 disables L1"),
  EMBEDDING_MAX_CACHE_LENGTH: nonNegativeInt.default(500).describe("Texts longer than this many characters are not cached; 0 = no limit"),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must start with redis:// or rediss://").optional().describe("Shared (L2) cache, e.g. redis://127.0.0.1:6379; unset = L1 only"),
  REDIS_CACHE_TTL: positiveInt.default(3600).describe("Seconds an L2 entry lives"),
  REDIS_NAMESPACE: z.string().min(1).default("embedgate").describe("Prefix of every L2 key"),
  REDIS_TIMEOUT_MS: positiveInt.default(50).describe("Deadline of every Redis call; a slower call counts as a miss"),
  REDIS_BREAKER_FAILURES: positiveInt.default(5).describe("Consecutive Redis failures that open the circuit breaker"),
  REDIS_BREAKER_COOLDOWN_MS: positiveInt.default(5000).describe("How long the breaker stays open before probing Redis again"),
  MAX_CONCURRENT_REQUESTS: positiveInt.default(4).describe("Units of inference work (backend batches) running at once"),
  MAX_QUEUE_SIZE: nonNegativeInt.default(100).describe("Units allowed to wait for a slot; beyond that requests get 503 + Retry-After"),
  QUEUE_TIMEOUT_MS: positiveInt.default(30_000).describe("Longest wait in the queue before a 503"),
  BATCH_MAX_SIZE: positiveInt.default(256).describe("Most texts in one backend call"),
  BATCH_MAX_TOKENS: positiveInt.default(16_384).describe("Most (estimated) tokens in one backend call"),
  BATCH_WAIT_MS: nonNegativeInt.default(0).describe("Extra wait for more work before a backend call; 0 packs what arrived in the same event-loop turn"),
  MODEL_MEMORY_BUDGET: nonNegativeInt.default(0).describe("Bytes of model weights kept loaded; loading past it unloads the least recently used idle models; 0 = no budget"),
  MODEL_KEEP_ALIVE: z.string().min(1).default("-1").describe('How long a model stays loaded after use unless its catalog entry or the request says otherwise ("5m", "0", "-1" = forever)'),
  API_KEYS: z.string().optional().describe("Comma-separated API keys; when set (or API_KEYS_FILE), every API route needs Authorization: Bearer <key>"),
  API_KEYS_FILE: z.string().min(1).optional().describe("File with one API key per line (# comments allowed)"),
  METRICS_RETENTION_SIZE: positiveInt.default(1000).describe("Recent requests the JSON metrics view (/metrics.json) keeps for latency percentiles, peak concurrency and scaling advice"),
  METRICS_REQUIRE_AUTH: z.stringbool().default(false).describe("Require an API key for /metrics too (health probes stay open)"),
  CORS_ORIGINS: z.string().optional().describe('Comma-separated origins allowed to call from browsers ("*" for any); unset = CORS off'),
  MAX_BODY_BYTES: positiveInt.default(32 * 1024 * 1024).describe("Largest request body, checked before reading (chunked bodies too)"),
  MAX_TOKENS_PER_REQUEST: positiveInt.default(2_000_000).describe("Most tokens one request may embed or rerank in all"),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(30_000).describe("On SIGTERM/SIGINT: how long in-flight and queued work may take to finish"),
  KEEP_ALIVE_TIMEOUT_MS: positiveInt.default(65_000).describe("Idle keep-alive connection timeout (above common load balancers' 60 s)"),
  HEADERS_TIMEOUT_MS: positiveInt.default(66_000).describe("Time allowed to receive request headers"),
  REQUEST_TIMEOUT_MS: nonNegativeInt.default(300_000).describe("Time allowed to receive a whole request; 0 = none"),
  MAX_CONNECTIONS: nonNegativeInt.default(0).describe("Open connections accepted at once; 0 = no limit"),
  LISTEN_BACKLOG: positiveInt.default(2048).describe("Pending-connection queue of the listening socket, so bursts queue instead of being refused"),
  COMMON_QUERIES_FILE: z.string().min(1).optional().describe("JSON list of {text, model} embedded into the cache at start (cache warming)"),
});

/** Raw environment values after validation. */
export type EnvValues = z.infer<typeof envSchema>;

/** The server's whole configuration, read once at start. */
export interface Config {
  host: string;
  port: number;
  modelsFile: string;
  cacheDir: string;
  hub: { cacheDir: string; endpoint: string; token: string | undefined };
  log: { level: string; pretty: boolean | undefined };
  limits: EngineLimits;
  cache: CacheOptions & { maxCacheableChars: number };
  admission: AdmissionOptions;
  batching: BatchOptions;
  commonQueriesFile: string | undefined;
  models: { memoryBudgetBytes: number; defaultKeepAliveMs: number };
  auth: { keys: string[]; metricsRequireAuth: boolean };
  metrics: { retentionSize: number };
  corsOrigins: string[];
  maxBodyBytes: number;
  shutdownTimeoutMs: number;
  connections: { keepAliveTimeoutMs: number; headersTimeoutMs: number; requestTimeoutMs: number; maxConnections: number; backlog: number };
  catalog: Catalog;
}

/**
 * Reads and validates the environment and the model catalog. The only reader of process.env;
 * throws an Error listing every bad value so a misconfigured server fails fast at start.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) throw new Error(`invalid configuration:\n${z.prettifyError(parsed.error)}`);
  const values = parsed.data;
  const modelsFile = resolve(values.MODELS_FILE);
  return {
    host: values.HOST,
    port: values.PORT,
    modelsFile,
    cacheDir: resolve(values.EMBEDGATE_CACHE_DIR),
    hub: {
      cacheDir: values.HF_HUB_CACHE ? resolve(values.HF_HUB_CACHE) : join(values.HF_HOME ? resolve(values.HF_HOME) : join(homedir(), ".cache/huggingface"), "hub"),
      endpoint: values.HF_ENDPOINT,
      token: values.HF_TOKEN,
    },
    log: { level: values.LOG_LEVEL, pretty: values.LOG_PRETTY },
    limits: {
      maxInputsPerRequest: values.MAX_INPUTS_PER_REQUEST,
      maxInputChars: values.MAX_INPUT_CHARS,
      maxRerankDocuments: values.MAX_RERANK_DOCUMENTS,
      maxTokensPerRequest: values.MAX_TOKENS_PER_REQUEST,
    },
    cache: {
      l1MaxBytes: values.EMBEDDING_CACHE_BYTES,
      l1MaxEntries: values.EMBEDDING_CACHE_SIZE,
      maxCacheableChars: values.EMBEDDING_MAX_CACHE_LENGTH,
      redisUrl: values.REDIS_URL,
      redisTtlSeconds: values.REDIS_CACHE_TTL,
      redisNamespace: values.REDIS_NAMESPACE,
      redisTimeoutMs: values.REDIS_TIMEOUT_MS,
      breaker: { failureThreshold: values.REDIS_BREAKER_FAILURES, cooldownMs: values.REDIS_BREAKER_COOLDOWN_MS },
    },
    admission: { maxConcurrent: values.MAX_CONCURRENT_REQUESTS, maxQueued: values.MAX_QUEUE_SIZE, timeoutMs: values.QUEUE_TIMEOUT_MS },
    batching: { maxBatchSize: values.BATCH_MAX_SIZE, maxBatchTokens: values.BATCH_MAX_TOKENS, maxWaitMs: values.BATCH_WAIT_MS },
    commonQueriesFile: values.COMMON_QUERIES_FILE ? resolve(values.COMMON_QUERIES_FILE) : undefined,
    models: { memoryBudgetBytes: values.MODEL_MEMORY_BUDGET, defaultKeepAliveMs: parseKeepAliveSetting(values.MODEL_KEEP_ALIVE) },
    auth: { keys: readApiKeys(values.API_KEYS, values.API_KEYS_FILE), metricsRequireAuth: values.METRICS_REQUIRE_AUTH },
    metrics: { retentionSize: values.METRICS_RETENTION_SIZE },
    corsOrigins: splitList(values.CORS_ORIGINS),
    maxBodyBytes: values.MAX_BODY_BYTES,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    connections: {
      keepAliveTimeoutMs: values.KEEP_ALIVE_TIMEOUT_MS,
      headersTimeoutMs: values.HEADERS_TIMEOUT_MS,
      requestTimeoutMs: values.REQUEST_TIMEOUT_MS,
      maxConnections: values.MAX_CONNECTIONS,
      backlog: values.LISTEN_BACKLOG,
    },
    catalog: loadCatalog(modelsFile),
  };
}

function splitList(value: string | undefined): string[] {
  return (value ?? "").split(",").map((item) => item.trim()).filter(Boolean);
}

/** Keys from API_KEYS and API_KEYS_FILE together; an unreadable file stops the server at start. */
function readApiKeys(inline: string | undefined, file: string | undefined): string[] {
  const keys = splitList(inline);
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new Error(`invalid configuration: API_KEYS_FILE ${file}: ${(error as Error).message}`);
    }
    for (const line of text.split(/\r?\n/)) {
      const key = line.trim();
      if (key && !key.startsWith("#")) keys.push(key);
    }
  }
  return keys;
}

function parseKeepAliveSetting(value: string): number {
  try {
    return parseKeepAlive(value, "MODEL_KEEP_ALIVE");
  } catch (error) {
    throw new Error(`invalid configuration:\n✖ ${(error as Error).message}\n  → at MODEL_KEEP_ALIVE`);
  }
}

/** Empty variables (`PORT=`) mean "use the default", as in most servers. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") result[key] = value;
  }
  return result;
}
