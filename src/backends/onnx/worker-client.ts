/**
 * Starts onnx-worker in a worker thread and turns its messages into promises. The worker keeps
 * the process alive only while a call is in flight, so a loaded but idle model never holds up exit.
 *
 * From compiled JavaScript (dist/) the worker is onnx-worker.js beside this file. From TypeScript
 * sources (tsx, vitest) a worker thread gets no TypeScript loader of its own, so the worker first
 * registers tsx's (a runtime dependency) and then imports onnx-worker.ts.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { ModelInfo } from "../backend.js";
import { deserializeError, type WorkerInit, type WorkerMessage, type WorkerRequest, type WorkerResult } from "./worker-protocol.js";

type Pending = { resolve: (result: WorkerResult) => void; reject: (error: Error) => void };
type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, "id"> : never) : never;

const FROM_SOURCE = import.meta.url.endsWith(".ts");

function spawn(init: WorkerInit): Worker {
  const options = { workerData: init, name: `embedgate-onnx ${init.dir}` };
  if (!FROM_SOURCE) return new Worker(new URL("./onnx-worker.js", import.meta.url), options);
  // require.resolve picks the package's CommonJS build; its ESM twin sits beside it.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const entry = new URL("./onnx-worker.ts", import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

export class OnnxWorkerClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #dead: Error | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on("message", (message: WorkerMessage) => this.#onMessage(message));
    worker.on("error", (error) => this.#fail(error));
    worker.on("exit", (code) => this.#fail(new Error(`the ONNX worker exited (code ${code})`)));
    worker.unref();
  }

  /** Starts a worker, waits until its model is loaded, and returns the client with the model's facts. */
  static async start(init: WorkerInit): Promise<{ client: OnnxWorkerClient; info: ModelInfo }> {
    const worker = spawn(init);
    const ready = new Promise<ModelInfo>((resolve, reject) => {
      const onMessage = (message: WorkerMessage) => {
        if (message.type === "ready") resolve(message.info);
        else if (message.type === "failed") reject(deserializeError(message.error));
        else return;
        worker.off("message", onMessage);
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the ONNX worker exited while loading (code ${code})`)));
    });
    try {
      const info = await ready;
      return { client: new OnnxWorkerClient(worker), info };
    } catch (error) {
      await worker.terminate();
      throw error;
    }
  }

  /** Sends a request; resolves with the worker's result or rejects with its error. */
  call(body: RequestBody): Promise<WorkerResult> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#nextId++;
    return new Promise<WorkerResult>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) this.#worker.ref();
      this.#worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  /** Releases the model's session, then ends the thread. */
  async close(): Promise<void> {
    if (this.#dead) return;
    try {
      await this.call({ op: "close" });
    } finally {
      this.#dead = new Error("the ONNX model was closed");
      await this.#worker.terminate();
    }
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker.unref();
    return pending;
  }

  #onMessage(message: WorkerMessage): void {
    if (message.type === "result") this.#settle(message.id)?.resolve(message.result);
    else if (message.type === "error") this.#settle(message.id)?.reject(deserializeError(message.error));
  }

  #fail(error: Error): void {
    this.#dead ??= error;
    for (const [id, pending] of this.#pending) {
      this.#settle(id);
      pending.reject(error);
    }
  }
}
