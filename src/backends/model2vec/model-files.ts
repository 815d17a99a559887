import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Where a Model2Vec folder keeps its parts. */
export interface Model2VecFiles {
  weightsPath: string;
  tokenizerPath: string;
  /** Parsed config.json, or {} when absent (sentence-transformers layout). */
  config: Record<string, unknown>;
  /** Whether outputs are L2-normalised: config `normalize`, or a Normalize module. */
  normalize: boolean;
}

interface StModule { path?: string; type?: string }

/**
 * Finds the weights, tokenizer and normalisation flag of a Model2Vec folder, in either the
 * native layout (files at the root) or the sentence-transformers one (`modules.json` naming a
 * StaticEmbedding folder, usually `0_StaticEmbedding/`).
 */
export function locateModel2VecFiles(dir: string): Model2VecFiles {
  const config = readJsonIfExists(join(dir, "config.json")) ?? {};
  const modules = (readJsonIfExists(join(dir, "modules.json")) as StModule[] | undefined) ?? [];
  const candidates = [dir];
  for (const module of Array.isArray(modules) ? modules : []) {
    if (module.type?.endsWith("StaticEmbedding") && module.path) candidates.push(join(dir, module.path));
  }
  candidates.push(join(dir, "0_StaticEmbedding"));
  const weightsDir = candidates.find((candidate) => existsSync(join(candidate, "model.safetensors")));
  if (!weightsDir) throw new Error(`no model.safetensors in ${dir} or its StaticEmbedding module`);
  const tokenizerDir = [weightsDir, ...candidates].find((candidate) => existsSync(join(candidate, "tokenizer.json")));
  if (!tokenizerDir) throw new Error(`no tokenizer.json in ${dir}`);
  const hasNormalizeModule = Array.isArray(modules) && modules.some((m) => m.type?.endsWith("Normalize"));
  const normalize = typeof config.normalize === "boolean" ? config.normalize : hasNormalizeModule || !("normalize" in config);
  return { weightsPath: join(weightsDir, "model.safetensors"), tokenizerPath: join(tokenizerDir, "tokenizer.json"), config, normalize };
}

function readJsonIfExists(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8"));
}
