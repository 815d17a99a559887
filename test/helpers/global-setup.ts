import { makeOnnxModels } from "../../scripts/make-onnx-models.js";
import { ensureGloveModel } from "../../src/models/builtin/glove-100d.js";
import { silentLogger } from "../../src/util/logger.js";
import { TEST_CACHE_DIR, TEST_ONNX_DIR } from "./paths.js";

/**
 * Converts the default model and generates the tiny ONNX models once before any test file runs,
 * so parallel files never race to build them.
 */
export default async function setup(): Promise<void> {
  await Promise.all([ensureGloveModel({ cacheDir: TEST_CACHE_DIR, logger: silentLogger() }), makeOnnxModels(TEST_ONNX_DIR)]);
}
