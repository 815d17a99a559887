import { z } from "zod";
import { envSchema } from "./config.js";

/** Defaults that depend on the machine are shown by meaning, not by this machine's value. */
const PORTABLE_DEFAULTS: Record<string, string> = {
  MODELS_FILE: "<package>/config/models.json",
  EMBEDGATE_CACHE_DIR: "~/.cache/embedgate",
};

/** One documented environment variable. */
export interface EnvVariableDoc {
  name: string;
  defaultValue: string | undefined;
  description: string;
}

/** Every variable of the config schema with its default and meaning, in schema order. */
export function describeEnvironment(): EnvVariableDoc[] {
  return Object.entries(envSchema.shape).map(([name, schema]) => {
    const zodSchema = schema as z.ZodType;
    const parsed = zodSchema.safeParse(undefined);
    const defaultValue = PORTABLE_DEFAULTS[name] ?? (parsed.success && parsed.data !== undefined ? String(parsed.data) : undefined);
    return { name, defaultValue, description: zodSchema.description ?? "" };
  });
}

/** `config/env.example`: every knob, commented out at its default, with its meaning. */
export function renderEnvExample(): string {
  const lines = ["# embedgate configuration. Generated from src/config/config.ts by `npm run env-example`: do not edit by hand.", ""];
  for (const variable of describeEnvironment()) {
    lines.push(`# ${variable.description}`);
    lines.push(variable.defaultValue === undefined ? `# ${variable.name}=` : `# ${variable.name}=${variable.defaultValue}`);
    lines.push("");
  }
  return lines.join("\n");
}
