/**
 * Texts per second embedding 2,000 short texts on the generated tiny embedder, in one process:
 *   backend  — loadOnnxBackend (worker thread; tokenize, length-sort, runs of 32, mean pooling)
 *   inline   — the same runtime on the main thread (no worker hop)
 *   direct   — transformers.js called directly: AutoTokenizer(chunk, { padding, truncation }) and
 *              AutoModel on runs of 32 in input order, mean pooling in JS
 * Run: npx tsx scripts/onnx/bench-onnx.ts
 */
import { AutoModel, AutoTokenizer, env, Tensor } from "@huggingface/transformers";
import { loadOnnxBackend } from "../../src/backends/onnx/onnx-backend.js";
import { configureOffline } from "../../src/backends/onnx/offline.js";
import { OnnxModelRuntime } from "../../src/backends/onnx/onnx-runtime.js";
import { makeOnnxModels } from "../make-onnx-models.js";

const BATCH = 32;
const RUNS = 5;
const WORDS = "the quick brown fox jumps over a lazy dog while people read books about green trees".split(" ");
const TEXTS = Array.from({ length: 2000 }, (_, i) => Array.from({ length: 4 + (i % 9) }, (_, j) => WORDS[(i * 5 + j * 3) % WORDS.length]).join(" "));

async function median(label: string, work: () => Promise<unknown>): Promise<number> {
  await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(RUNS / 2)];
  console.log(`${label.padEnd(8)} ${ms.toFixed(1).padStart(7)} ms   ${Math.round((TEXTS.length / ms) * 1000).toString().padStart(7)} texts/s`);
  return ms;
}

const { embedder } = await makeOnnxModels();
console.log(`${TEXTS.length} texts, ${BATCH} per run, median of ${RUNS}`);

const backend = await loadOnnxBackend(embedder, { kind: "embedder", batchSize: BATCH });
if (backend.kind !== "embedder") throw new Error("expected an embedder");
await median("backend", () => backend.encode(TEXTS, { truncate: true }));
await backend.close();

const runtime = await OnnxModelRuntime.load(embedder, { kind: "embedder", batchSize: BATCH });
await median("inline", () => runtime.embed(TEXTS, true, undefined));
await runtime.dispose();

configureOffline(env);
const tokenizer = await AutoTokenizer.from_pretrained(embedder);
const model = await AutoModel.from_pretrained(embedder, { dtype: "fp32", device: "cpu" });
await median("direct", async () => {
  const vectors: Float32Array[] = [];
  for (let start = 0; start < TEXTS.length; start += BATCH) {
    const inputs = tokenizer(TEXTS.slice(start, start + BATCH), { padding: true, truncation: true });
    const { last_hidden_state: states } = (await model(inputs)) as { last_hidden_state: Tensor };
    const [rows, length, hidden] = states.dims;
    const data = states.data as Float32Array;
    const mask = (inputs.attention_mask as Tensor).data as BigInt64Array;
    for (let r = 0; r < rows; r++) {
      const out = new Float32Array(hidden);
      let count = 0;
      for (let t = 0; t < length; t++) {
        if (mask[r * length + t] === 0n) continue;
        count++;
        for (let d = 0; d < hidden; d++) out[d] += data[(r * length + t) * hidden + d];
      }
      for (let d = 0; d < hidden; d++) out[d] /= count;
      vectors.push(out);
    }
  }
  return vectors;
});
await model.dispose();
