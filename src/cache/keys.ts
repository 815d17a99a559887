import { createHash } from "node:crypto";

/** Bump when the key layout or the stored value format changes, so old entries are never read. */
const KEY_VERSION = "v1";

/** Everything that changes the vector a text embeds to. Not `dimensions`, not normalisation. */
export interface EmbeddingKeyParts {
  modelId: string;
  /** Digest of the weights and tokenizer (or the upstream identity). */
  revision: string;
  /** "embed" today; queries and documents differ once prompts exist. */
  inputKind: string;
  /** The prompt or instruction put before the text, "" when none. */
  prompt: string;
  truncate: boolean;
  /** The text itself; must be well-formed UTF-16 (lone surrogates are rejected earlier). */
  text: string;
}

/**
 * The cache key of one text: readable prefix (model, revision, kind, truncation), then a sha256
 * over the prompt and the text's UTF-8, so keys stay short whatever the text's length.
 */
export function embeddingKey(parts: EmbeddingKeyParts): string {
  const digest = createHash("sha256").update(parts.prompt).update("\u0000").update(parts.text).digest("base64url");
  return `${KEY_VERSION}:${parts.modelId}:${parts.revision}:${parts.inputKind}:${parts.truncate ? "t" : "f"}:${digest}`;
}
