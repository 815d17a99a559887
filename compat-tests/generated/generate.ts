import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { REPO_ROOT } from "../../test/helpers/paths.js";

/** The committed OpenAPI document the types are generated from. */
export const OPENAPI_DOCUMENT = join(REPO_ROOT, "openapi/openapi.json");
/** The committed output, imported by generated-client.test.ts. */
export const CLIENT_TYPES = join(REPO_ROOT, "compat-tests/generated/openapi.d.ts");

const HEADER = `/**
 * GENERATED from openapi/openapi.json by openapi-typescript; do not edit.
 * Regenerate with: npx tsx compat-tests/generated/generate.ts
 * (generated-client.test.ts fails when this file and the document disagree)
 */

`;

/** Renders the client types for the committed OpenAPI document, exactly as they are committed. */
export async function renderClientTypes(): Promise<string> {
  const document = JSON.parse(readFileSync(OPENAPI_DOCUMENT, "utf8"));
  return HEADER + astToString(await openapiTS(document));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  writeFileSync(CLIENT_TYPES, await renderClientTypes());
  process.stdout.write(`wrote ${CLIENT_TYPES}\n`);
}
