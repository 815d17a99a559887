/**
 * Worker-thread entry: loads one ONNX model (workerData: WorkerInit), says "ready" with its
 * ModelInfo (or "failed"), then answers embed/score/close requests. Inference blocks this thread,
 * never the server's.
 */
import { parentPort, workerData } from "node:worker_threads";
import { OnnxModelRuntime, type EmbedOutput } from "./onnx-runtime.js";
import { serializeError, type WorkerInit, type WorkerMessage, type WorkerRequest } from "./worker-protocol.js";

const port = parentPort;
if (!port) throw new Error("onnx-worker.ts runs only as a worker thread");
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

const init = workerData as WorkerInit;
let runtime: OnnxModelRuntime | undefined;
try {
  runtime = await OnnxModelRuntime.load(init.dir, init.options);
  post({ type: "ready", info: runtime.info });
} catch (error) {
  post({ type: "failed", error: serializeError(error) });
}

port.on("message", (request: WorkerRequest) => {
  void handle(request);
});

async function handle(request: WorkerRequest): Promise<void> {
  try {
    if (!runtime) throw new Error("the model is not loaded");
    switch (request.op) {
      case "embed": {
        const result: EmbedOutput = await runtime.embed(request.texts, request.truncate, request.inputType);
        post({ type: "result", id: request.id, result }, [result.vectors.buffer as ArrayBuffer]);
        return;
      }
      case "score":
        post({ type: "result", id: request.id, result: await runtime.score(request.query, request.documents, request.truncate) });
        return;
      case "close":
        await runtime.dispose();
        runtime = undefined;
        post({ type: "result", id: request.id, result: null });
        return;
    }
  } catch (error) {
    post({ type: "error", id: request.id, error: serializeError(error) });
  }
}
