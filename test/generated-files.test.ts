import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createApp, openApiDocument } from "../src/app.js";
import { loadConfig } from "../src/config/config.js";
import { renderEnvExample } from "../src/config/env-reference.js";
import { createServices } from "../src/services.js";
import { silentLogger } from "../src/util/logger.js";
import { REPO_ROOT } from "./helpers/paths.js";

const committed = (path: string) => readFileSync(join(REPO_ROOT, path), "utf8");

function currentDocument() {
  const config = loadConfig({ MODELS_FILE: join(REPO_ROOT, "config/models.json") });
  return openApiDocument(createApp(createServices(config, silentLogger())));
}

describe("generated files stay in sync with the code", () => {
  it("openapi/openapi.json matches the routes (run `npm run openapi` after changing a schema)", () => {
    expect(JSON.parse(committed("openapi/openapi.json"))).toEqual(JSON.parse(JSON.stringify(currentDocument())));
  });

  it("config/env.example matches the config schema (run `npm run env-example`)", () => {
    expect(committed("config/env.example")).toBe(renderEnvExample());
  });
});

describe("the OpenAPI document", () => {
  const document = currentDocument() as any;

  it("describes every wire field with a description and an example", () => {
    const missing: string[] = [];
    const visit = (schema: any, where: string) => {
      if (!schema || typeof schema !== "object") return;
      if (schema.$ref) return;
      for (const [name, property] of Object.entries<any>(schema.properties ?? {})) {
        const field = `${where}.${name}`;
        if (!property.$ref && !property.description) missing.push(`${field} (description)`);
        if (!property.$ref && property.example === undefined && property.type !== "object" && property.type !== "array") missing.push(`${field} (example)`);
        visit(property, field);
        visit(property.items, `${field}[]`);
      }
      for (const variant of schema.anyOf ?? []) visit(variant, where);
      visit(schema.items, `${where}[]`);
    };
    for (const [name, schema] of Object.entries(document.components.schemas)) visit(schema, name);
    expect(missing).toEqual([]);
  });

  it("types the OpenAI embedding as number[] or a base64 string", () => {
    const embedding = document.components.schemas.Embedding.properties.embedding;
    const types = embedding.anyOf.map((variant: any) => variant.type);
    expect(types).toEqual(expect.arrayContaining(["array", "string"]));
  });

  it("documents the embedding routes of both dialects", () => {
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/v1/embeddings", "/v1/models", "/api/embed", "/api/embeddings", "/api/tags", "/api/show", "/health"]));
  });
});
