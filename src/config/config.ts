import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { loadCatalog, type Catalog } from "./catalog.js";

/** The project root: two levels above this file in both src/ and dist/. */
const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().min(1);

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
  MAX_INPUTS_PER_REQUEST: positiveInt.default(2048).describe("Most texts one embedding request may carry (OpenAI's limit is 2048)"),
  MAX_INPUT_CHARS: positiveInt.default(100_000).describe("Longest single input text, in characters"),
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
  limits: { maxInputsPerRequest: number; maxInputChars: number };
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
    limits: { maxInputsPerRequest: values.MAX_INPUTS_PER_REQUEST, maxInputChars: values.MAX_INPUT_CHARS },
    catalog: loadCatalog(modelsFile),
  };
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
