import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIGURATION_DOC, describeType, renderConfigurationDoc } from "../scripts/config-docs.js";
import { envSchema } from "../src/config/config.js";
import { describeEnvironment } from "../src/config/env-reference.js";

describe("docs/configuration.md", () => {
  it("is what scripts/config-docs.ts renders from the config schema (run `npx tsx scripts/config-docs.ts` after changing it)", () => {
    expect(readFileSync(CONFIGURATION_DOC, "utf8")).toBe(renderConfigurationDoc());
  });

  it("has one row per variable, with its default", () => {
    const doc = renderConfigurationDoc();
    const rows = doc.split("\n").filter((line) => line.startsWith("| `"));
    expect(rows.map((row) => /^\| `(\w+)`/.exec(row)?.[1])).toEqual(expect.arrayContaining(Object.keys(envSchema.shape)));
    expect(rows).toHaveLength(Object.keys(envSchema.shape).length);
    for (const variable of describeEnvironment()) {
      const row = rows.find((r) => r.startsWith(`| \`${variable.name}\` |`))!;
      expect(row, variable.name).toContain(variable.defaultValue === undefined ? "| unset |" : `| \`${variable.defaultValue}\` |`);
    }
  });

  it("shows machine-independent defaults and readable types", () => {
    const doc = renderConfigurationDoc();
    expect(doc).not.toContain(process.cwd());
    expect(doc).toContain("| `EMBEDGATE_CACHE_DIR` | `~/.cache/embedgate` |");
    expect(describeType("PORT")).toBe("integer 0–65535");
    expect(describeType("LOG_PRETTY")).toMatch(/^boolean/);
    expect(describeType("LOG_LEVEL")).toMatch(/^one of `fatal`/);
    expect(describeType("MAX_QUEUE_SIZE")).toBe("integer ≥ 0");
  });
});
