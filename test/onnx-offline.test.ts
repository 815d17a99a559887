import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { AutoModel, AutoTokenizer, env } from "@huggingface/transformers";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { makeOnnxModels } from "../scripts/make-onnx-models.js";
import { configureOffline, networkAttempts, NetworkDisabledError } from "../src/backends/onnx/offline.js";
import { applyPrompt, onnxFilesFor, promptFor } from "../src/backends/onnx/onnx-backend.js";
import { OnnxModelRuntime } from "../src/backends/onnx/onnx-runtime.js";
import { REPO_ROOT } from "./helpers/paths.js";

let root: string;
let dirs: { embedder: string; crossEncoder: string };
const fetchSpy = vi.fn(async (input: unknown) => {
  throw new Error(`test: no network (${String(input)})`);
});

beforeAll(async () => {
  root = mkdtempSync(join(REPO_ROOT, ".cache", "onnx-offline-test-"));
  const started = performance.now();
  dirs = await makeOnnxModels(root);
  expect(performance.now() - started).toBeLessThan(5_000); // about 0.3 s here; generous for slow CI
});

afterEach(() => {
  vi.unstubAllGlobals();
  fetchSpy.mockClear();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("ONNX backend offline", () => {
  it("loads and runs both models with every fetch failing, and never calls fetch", async () => {
    vi.stubGlobal("fetch", fetchSpy);
    const embedder = await OnnxModelRuntime.load(dirs.embedder, { kind: "embedder", dtype: "q8" });
    const crossEncoder = await OnnxModelRuntime.load(dirs.crossEncoder, { kind: "cross-encoder" });
    try {
      expect((await embedder.embed(["hello world"], true, "query")).vectors).toHaveLength(16);
      expect((await crossEncoder.score("hello", ["world"], true)).logits).toHaveLength(1);
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(networkAttempts()).toBe(0); // transformers.js' own fetch (env.fetch) was never asked either
    } finally {
      await Promise.all([embedder.dispose(), crossEncoder.dispose()]);
    }
  });

  it("sets transformers.js to local files only, no caches, and a fetch that throws", async () => {
    configureOffline(env);
    expect(env).toMatchObject({ allowRemoteModels: false, allowLocalModels: true, useFSCache: false, useBrowserCache: false, useWasmCache: false });
    const before = networkAttempts();
    await expect(env.fetch("https://huggingface.co/bert-base-uncased/resolve/main/config.json")).rejects.toBeInstanceOf(NetworkDisabledError);
    expect(networkAttempts()).toBe(before + 1);
  });

  it("a hub-style name or a missing file fails locally instead of downloading", async () => {
    vi.stubGlobal("fetch", fetchSpy);
    configureOffline(env);
    const before = networkAttempts();
    await expect(AutoTokenizer.from_pretrained("bert-base-uncased")).rejects.toThrow();
    const copy = join(root, "no-fp16");
    cpSync(dirs.embedder, copy, { recursive: true });
    rmSync(join(copy, "onnx", "model_fp16.onnx"));
    await expect(AutoModel.from_pretrained(copy, { dtype: "fp16", device: "cpu" })).rejects.toThrow(/model_fp16\.onnx/);
    await expect(OnnxModelRuntime.load(copy, { kind: "embedder", dtype: "fp16" })).rejects.toThrow(/lacks onnx\/model_fp16\.onnx/);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(networkAttempts()).toBe(before);
  });
});

describe("ONNX options", () => {
  it("onnxFilesFor names the weights file of each dtype and its optional external data", () => {
    expect(onnxFilesFor("fp32").files).toEqual(["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx"]);
    expect(onnxFilesFor("fp16").files).toContain("onnx/model_fp16.onnx");
    expect(onnxFilesFor("q8").files).toContain("onnx/model_quantized.onnx");
    expect(onnxFilesFor("q4").files).toContain("onnx/model_q4.onnx");
    expect(onnxFilesFor("q4").optionalFiles).toEqual(expect.arrayContaining(["onnx/model_q4.onnx_data", "onnx/model_q4.onnx_data_1", "special_tokens_map.json"]));
    expect(onnxFilesFor()).toEqual(onnxFilesFor("fp32"));
  });

  it("applyPrompt: {text} marks the text, any other template is a prefix, none leaves it", () => {
    expect(applyPrompt("Instruct: find passages\nQuery: {text}", "why $& is odd")).toBe("Instruct: find passages\nQuery: why $& is odd");
    expect(applyPrompt("query: ", "cats")).toBe("query: cats");
    expect(applyPrompt(undefined, "cats")).toBe("cats");
    expect(applyPrompt("", "cats")).toBe("cats");
    expect(promptFor({ queryPrompt: "q", documentPrompt: "d" }, "query")).toBe("q");
    expect(promptFor({ queryPrompt: "q", documentPrompt: "d" }, "document")).toBe("d");
    expect(promptFor({ queryPrompt: "q", documentPrompt: "d" }, undefined)).toBe("d");
  });
});
