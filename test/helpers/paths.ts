import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The shared Model2Vec fixtures (../shared beside the repository, in CI too). */
export const MODEL2VEC_FIXTURES = fileURLToPath(new URL("../../../shared/fixtures/model2vec/", import.meta.url));
/** The catalog the tests serve: the default model plus the fixture models. */
export const TEST_CATALOG = fileURLToPath(new URL("../fixtures/models.json", import.meta.url));
/** Where the tests keep the converted default model between runs (built once by the global setup). */
export const TEST_CACHE_DIR = fileURLToPath(new URL("../../.cache/embedgate", import.meta.url));
/** Where the global setup writes the generated tiny ONNX models (the test catalog points here). */
export const TEST_ONNX_DIR = fileURLToPath(new URL("../../.cache/onnx-models", import.meta.url));
