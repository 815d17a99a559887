import { ensureGloveModel } from "../../src/models/builtin/glove-100d.js";
import { silentLogger } from "../../src/util/logger.js";
import { TEST_CACHE_DIR } from "./paths.js";

/** Converts the default model once before any test file runs, so parallel files never race to build it. */
export default async function setup(): Promise<void> {
  await ensureGloveModel({ cacheDir: TEST_CACHE_DIR, logger: silentLogger() });
}
