/**
 * Generates docs/configuration.md from the config schema (src/config/config.ts), through
 * describeEnvironment() for names, defaults and meanings and the schema itself for types.
 *
 *   npx tsx scripts/config-docs.ts           rewrite docs/configuration.md
 *   npx tsx scripts/config-docs.ts --check   exit 1 when docs/configuration.md is out of date
 *   npx tsx scripts/config-docs.ts --stdout  print it instead
 *
 * test/config-docs.test.ts fails when the committed file drifts from what this renders.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";
import { envSchema } from "../src/config/config.js";
import { describeEnvironment, type EnvVariableDoc } from "../src/config/env-reference.js";

/** Where the generated file lives. */
export const CONFIGURATION_DOC = fileURLToPath(new URL("../docs/configuration.md", import.meta.url));

/** Sections of the document: the first whose pattern matches a variable's name takes it. */
const SECTIONS: Array<{ title: string; intro: string; pattern: RegExp }> = [
  {
    title: "Listening, connections and shutdown",
    intro: "Where the server listens, how long it keeps connections, and how long a graceful shutdown may take.",
    pattern: /^(HOST|PORT|KEEP_ALIVE_TIMEOUT_MS|HEADERS_TIMEOUT_MS|REQUEST_TIMEOUT_MS|MAX_CONNECTIONS|LISTEN_BACKLOG|SHUTDOWN_TIMEOUT_MS)$/,
  },
  {
    title: "Models",
    intro: "The catalog, where models are built or downloaded to, and how long they stay in memory.",
    pattern: /^(MODELS_FILE|EMBEDGATE_CACHE_DIR|HF_\w+|MODEL_\w+|ONNX_\w+)$/,
  },
  {
    title: "Request limits",
    intro: "Requests past these limits are refused in the route's own error shape: 413 for the body size, 400 for the rest.",
    pattern: /^MAX_(INPUTS_PER_REQUEST|RERANK_DOCUMENTS|INPUT_CHARS|BODY_BYTES|TOKENS_PER_REQUEST)$/,
  },
  {
    title: "Embedding cache",
    intro: "The in-process LRU (L1) and the optional shared Redis tier (L2). Redis is never fatal: a slow or dead Redis costs cache hits, not requests.",
    pattern: /^(EMBEDDING_\w+|REDIS_\w+|COMMON_QUERIES_FILE)$/,
  },
  {
    title: "Queue and batching",
    intro: "How much inference runs at once, how much may wait (beyond it: 503 with Retry-After), and how work is packed into backend calls.",
    pattern: /^(MAX_CONCURRENT_REQUESTS|MAX_QUEUE_SIZE|QUEUE_\w+|BATCH_\w+)$/,
  },
  {
    title: "Authentication and CORS",
    intro: "API keys for every API route (probes and docs stay open) and the browser origins allowed.",
    pattern: /^(API_KEYS\w*|CORS_\w+|METRICS_REQUIRE_AUTH)$/,
  },
  {
    title: "Logs and metrics",
    intro: "Log output and the JSON metrics view. See [monitoring.md](monitoring.md) for what to scrape and alert on.",
    pattern: /^(LOG_\w+|METRICS_\w+)$/,
  },
  { title: "Other", intro: "Variables not yet sorted into a section above.", pattern: /.*/ },
];

type JsonSchema = { type?: string; enum?: unknown[]; minimum?: number; maximum?: number; format?: string; pattern?: string };

/** What a variable accepts, in words, read from the schema's JSON Schema output type. */
export function describeType(name: string): string {
  const schema = (envSchema.shape as Record<string, z.ZodType>)[name];
  if (!schema) return "string";
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as JsonSchema;
  } catch {
    return "string";
  }
  if (json.enum) return `one of ${json.enum.map((value) => `\`${String(value)}\``).join(", ")}`;
  switch (json.type) {
    case "boolean":
      return "boolean (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`)";
    case "integer":
    case "number": {
      const unit = json.type === "integer" ? "integer" : "number";
      const max = json.maximum !== undefined && json.maximum < Number.MAX_SAFE_INTEGER ? json.maximum : undefined;
      if (json.minimum !== undefined && max !== undefined) return `${unit} ${json.minimum}–${max}`;
      if (json.minimum !== undefined) return `${unit} ≥ ${json.minimum}`;
      return unit;
    }
    default:
      if (json.format === "uri") return "URL";
      if (json.pattern) return `string matching \`${json.pattern.replaceAll("\\/", "/")}\``;
      return "string";
  }
}

/** Markdown table cells must not contain raw pipes or line breaks. */
function cell(text: string): string {
  return text.replaceAll("|", "\\|").replace(/\s*\n\s*/g, " ");
}

/** Prose cells also escape `<…>`, which Markdown would take for HTML (`Bearer <key>`). */
function proseCell(text: string): string {
  return cell(text).replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function defaultCell(variable: EnvVariableDoc): string {
  if (variable.defaultValue === undefined) return "unset";
  if (variable.defaultValue === "") return '`""`';
  return `\`${cell(variable.defaultValue)}\``;
}

/** The whole of docs/configuration.md. */
export function renderConfigurationDoc(): string {
  const variables = describeEnvironment();
  const bySection = new Map<string, EnvVariableDoc[]>();
  for (const variable of variables) {
    const section = SECTIONS.find((s) => s.pattern.test(variable.name))!;
    bySection.set(section.title, [...(bySection.get(section.title) ?? []), variable]);
  }
  const used = SECTIONS.filter((s) => bySection.has(s.title));
  const anchor = (title: string) => title.toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-");

  const lines = [
    "# Configuration",
    "",
    "<!-- Generated from src/config/config.ts by `npx tsx scripts/config-docs.ts`: do not edit by hand.",
    "     test/config-docs.test.ts fails when this file drifts from the schema. -->",
    "",
    `embedgate reads its configuration from ${variables.length} environment variables, once, at start. All are optional.`,
    "",
    "- An empty variable (`PORT=`) means the default.",
    "- A bad value stops the server before it listens, with exit code 2 and a message naming the variable.",
    "- [`config/env.example`](../config/env.example) lists the same variables as a commented env file (`npm run env-example`).",
    "- The model catalog itself (ids, aliases, sources, per-model `keep_alive`) is a JSON file, not variables: see `MODELS_FILE` and the README.",
    "",
    ...used.map((s) => `- [${s.title}](#${anchor(s.title)})`),
    "",
  ];
  for (const section of used) {
    lines.push(`## ${section.title}`, "", section.intro, "", "| Variable | Default | Type | Meaning |", "| --- | --- | --- | --- |");
    for (const variable of bySection.get(section.title)!) {
      lines.push(`| \`${variable.name}\` | ${defaultCell(variable)} | ${cell(describeType(variable.name))} | ${proseCell(variable.description)} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

function main(args: string[]): void {
  const text = renderConfigurationDoc();
  if (args.includes("--stdout")) {
    process.stdout.write(text);
    return;
  }
  if (args.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(CONFIGURATION_DOC, "utf8");
    } catch {
      // missing counts as out of date
    }
    if (current !== text) {
      process.stderr.write("docs/configuration.md is out of date: run npx tsx scripts/config-docs.ts\n");
      process.exit(1);
    }
    return;
  }
  writeFileSync(CONFIGURATION_DOC, text);
  process.stdout.write(`wrote ${CONFIGURATION_DOC}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
