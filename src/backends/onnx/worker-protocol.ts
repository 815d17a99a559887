/**
 * Messages between onnx-backend.ts (main thread) and onnx-worker.ts (the worker that runs the
 * model). Errors cross as plain data; AppErrors keep their code and param.
 */
import { AppError, type ErrorCode } from "../../errors.js";
import type { InputType, ModelInfo } from "../backend.js";
import type { OnnxOptions } from "./onnx-options.js";
import type { EmbedOutput, ScoreOutput } from "./onnx-runtime.js";

/** workerData of an ONNX worker. */
export interface WorkerInit {
  dir: string;
  options: OnnxOptions;
}

export type WorkerRequest =
  | { id: number; op: "embed"; texts: string[]; truncate: boolean; inputType?: InputType }
  | { id: number; op: "score"; query: string; documents: string[]; truncate: boolean }
  | { id: number; op: "close" };

export type WorkerResult = EmbedOutput | ScoreOutput | null;

export type WorkerMessage =
  | { type: "ready"; info: ModelInfo }
  | { type: "failed"; error: SerializedError }
  | { type: "result"; id: number; result: WorkerResult }
  | { type: "error"; id: number; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: ErrorCode;
  param?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof AppError) return { name: error.name, message: error.message, stack: error.stack, code: error.code, param: error.extra.param };
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: "Error", message: String(error) };
}

/** An AppError comes back as an AppError (same code and param); anything else as an Error. */
export function deserializeError(error: SerializedError): Error {
  if (error.code) return new AppError(error.code, error.message, error.param === undefined ? {} : { param: error.param });
  const result = new Error(error.message);
  result.name = error.name;
  if (error.stack) result.stack = error.stack;
  return result;
}
