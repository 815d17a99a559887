import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import { AppError, toAppError } from "../errors.js";

/**
 * Turns a zod validation failure into invalid_request, naming the first offending field the way
 * OpenAI's `param` does ("input", "input[2]", "options.temperature").
 */
export function zodErrorToAppError(error: ZodError): AppError {
  const issue = closestIssue(error.issues[0]);
  const param = issue ? formatPath(issue.path) : undefined;
  const where = param ? `${param}: ` : "";
  const message = issue ? `${where}${describeIssue(issue)}` : "invalid request body";
  return new AppError("invalid_request", message, { param });
}

/** Maps anything a handler or middleware threw to an AppError (Hono's own exceptions included). */
export function normalizeError(error: unknown): AppError {
  if (error instanceof HTTPException) {
    if (error.status === 415) return new AppError("unsupported_media_type", "Content-Type must be application/json");
    if (error.status === 413) return new AppError("payload_too_large", error.message || "request body too large");
    if (error.status === 400) return new AppError("invalid_json", "request body is not valid JSON");
    if (error.status === 404) return new AppError("not_found", error.message || "not found");
  }
  return toAppError(error);
}

type Issue = ZodError["issues"][number];

/**
 * For a union (e.g. "string or array of strings"), the branch that came closest, so the
 * message names the real fault ("input[1]: must not be empty") rather than "Invalid input".
 */
function closestIssue(issue: Issue | undefined): Issue | undefined {
  if (!issue || issue.code !== "invalid_union" || !("errors" in issue) || issue.errors.length === 0) return issue;
  const branches = issue.errors as Issue[][];
  const deepest = branches.reduce((best, branch) => (depth(branch) > depth(best) ? branch : best));
  const inner = deepest[0];
  return inner ? closestIssue({ ...inner, path: [...issue.path, ...inner.path] } as Issue) : issue;
}

function depth(branch: Issue[]): number {
  // A branch that failed deeper inside the value matched the value's shape better.
  return branch.length === 0 ? -1 : Math.max(...branch.map((i) => i.path.length + (i.code === "invalid_type" ? 0 : 0.5)));
}

function formatPath(path: PropertyKey[]): string | undefined {
  if (path.length === 0) return undefined;
  return path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), "");
}

function describeIssue(issue: ZodError["issues"][number]): string {
  if (issue.code === "invalid_type") {
    const received = (issue as { input?: unknown }).input;
    if (received === undefined) return `is required (expected ${issue.expected})`;
    return `expected ${issue.expected}, got ${received === null ? "null" : Array.isArray(received) ? "array" : typeof received}`;
  }
  return issue.message;
}
