import { AppError } from "../errors.js";

/** Request-size limits the engine enforces for every dialect. */
export interface EngineLimits {
  maxInputsPerRequest: number;
  maxInputChars: number;
  maxRerankDocuments: number;
  maxTokensPerRequest: number;
}

/** Throws invalid_request (400) when a request breaks a limit, naming the offending field. */
export function checkInputs(inputs: string[], limits: EngineLimits): void {
  if (inputs.length > limits.maxInputsPerRequest) {
    throw new AppError("invalid_request", `too many inputs: ${inputs.length} (at most ${limits.maxInputsPerRequest} per request)`, { param: "input" });
  }
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i].length > limits.maxInputChars) {
      throw new AppError("invalid_request", `input[${i}] is ${inputs[i].length} characters long (at most ${limits.maxInputChars})`, { param: `input[${i}]` });
    }
    if (!inputs[i].isWellFormed()) {
      throw new AppError("invalid_request", `input[${i}] contains a lone UTF-16 surrogate`, { param: `input[${i}]` });
    }
  }
}

/** Throws invalid_request when `dimensions` is above what the model produces. */
export function checkDimensions(dimensions: number | undefined, modelDimensions: number): void {
  if (dimensions !== undefined && dimensions > modelDimensions) {
    throw new AppError("invalid_request", `dimensions ${dimensions} is larger than the model's ${modelDimensions}`, { param: "dimensions" });
  }
}

/** Throws invalid_request when a rerank request carries too many documents. */
export function checkDocumentCount(count: number, limits: EngineLimits): void {
  if (count > limits.maxRerankDocuments) {
    throw new AppError("invalid_request", `too many documents: ${count} (at most ${limits.maxRerankDocuments} per request)`, { param: "documents" });
  }
}

/** Throws invalid_request when a request's inputs came to more tokens than one request may use. */
export function checkTokenTotal(tokens: number, limits: EngineLimits): void {
  if (tokens > limits.maxTokensPerRequest) {
    throw new AppError("invalid_request", `request has ${tokens} tokens, more than the ${limits.maxTokensPerRequest} allowed per request`, { param: "input" });
  }
}
