import { mkdir, open, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Logger } from "../util/logger.js";
import { startProgress } from "../util/progress.js";

/** One file to bring from the hub into the cache. */
export interface HubFileRequest {
  repoId: string;
  revision: string;
  /** Path inside the repo, already validated. */
  file: string;
  url: string;
  /** Final local path, already checked to be inside the cache. */
  target: string;
  /** A 404 means "this repo has no such file", not an error. */
  optional: boolean;
  /** Empty file recording that an optional file is absent from this revision. */
  absentMarker: string;
  token?: string;
  logger?: Logger;
  progressBar?: boolean;
  fetchImpl: typeof fetch;
}

/** What happened to one file. */
export type HubFileOutcome = "cached" | "downloaded" | "absent";

const where = (req: HubFileRequest) => ({ repo: req.repoId, revision: req.revision, file: req.file });

/**
 * Brings one file into the cache. The bytes go to `<target>.incomplete` and are renamed only
 * once complete, so a file at `target` is always whole; a dropped connection leaves the
 * partial file, and the next call asks for the rest with a Range request.
 */
export async function fetchHubFile(req: HubFileRequest): Promise<HubFileOutcome> {
  if ((await sizeOf(req.target)) !== undefined) {
    req.logger?.info(where(req), "hub file found in cache, not downloading");
    return "cached";
  }
  if (req.optional && (await sizeOf(req.absentMarker)) !== undefined) {
    req.logger?.debug(where(req), "optional hub file known to be absent");
    return "absent";
  }
  const partial = `${req.target}.incomplete`;
  for (let attempt = 0; ; attempt++) {
    const offset = (await sizeOf(partial)) ?? 0;
    const response = await send(req, offset);
    const start = response.status === 206 ? contentRangeStart(response) : 0;
    // 416, or a 206 from elsewhere than asked: the partial file is no prefix of the file the
    // hub now serves (it changed, or the partial is too long). Start over, once.
    if (offset > 0 && attempt === 0 && (response.status === 416 || (response.status === 206 && start !== offset))) {
      await response.body?.cancel();
      await rm(partial, { force: true });
      continue;
    }
    if (response.status === 404 && req.optional) {
      await response.body?.cancel();
      req.logger?.debug(where(req), "optional hub file absent from the repo");
      await mkdir(dirname(req.absentMarker), { recursive: true });
      await writeFile(req.absentMarker, "");
      return "absent";
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw httpError(req, response);
    }
    // Made only now, so an absent optional file leaves no empty folder behind.
    await mkdir(dirname(req.target), { recursive: true });
    await writeBody(req, response, partial, response.status === 206 ? offset : 0);
    await rename(partial, req.target);
    return "downloaded";
  }
}

async function send(req: HubFileRequest, offset: number): Promise<Response> {
  // identity: Content-Length and Range offsets then count file bytes, not compressed ones.
  const headers: Record<string, string> = { "accept-encoding": "identity" };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  if (offset > 0) headers.range = `bytes=${offset}-`;
  try {
    return await req.fetchImpl(req.url, { headers, redirect: "follow" });
  } catch (error) {
    throw new Error(`could not reach the hub at ${new URL(req.url).origin} for ${req.file} of ${req.repoId}: ${messageOf(error)}`, { cause: error });
  }
}

/** Streams the body to `partial` (appending after `start` bytes), then checks the size. */
async function writeBody(req: HubFileRequest, response: Response, partial: string, start: number): Promise<void> {
  const total = expectedTotal(response, start);
  const progress = startProgress({ label: `download ${req.repoId}/${req.file}`, total: total ?? 0, unit: "bytes", logger: req.logger, bar: req.progressBar });
  let done = start;
  progress.update(done);
  // Each chunk is on disk before the next is read: the body streams with backpressure, and
  // when the connection drops, everything received so far is kept for the resume.
  const handle = await open(partial, start > 0 ? "a" : "w");
  try {
    for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
      // write() may take fewer bytes than offered; loop until the chunk is all on disk.
      for (let written = 0; written < chunk.length; ) written += (await handle.write(chunk, written)).bytesWritten;
      done += chunk.length;
      progress.update(done);
    }
  } catch (error) {
    throw new Error(`download of ${req.file} from hub repo ${req.repoId} broke off after ${done} bytes (kept ${partial} to resume on the next try): ${messageOf(error)}`, { cause: error });
  } finally {
    await handle.close();
    progress.finish();
  }
  const size = (await sizeOf(partial)) ?? 0;
  if (total !== undefined && size !== total) {
    // Too long cannot be resumed; too short can.
    if (size > total) await rm(partial, { force: true });
    throw new Error(`download of ${req.file} from hub repo ${req.repoId} has ${size} bytes, the hub announced ${total}`);
  }
}

/** The whole file's size: from Content-Range on a 206, else Content-Length; undefined when not told. */
function expectedTotal(response: Response, start: number): number | undefined {
  if (response.status === 206) {
    const total = /\/(\d+)\s*$/.exec(response.headers.get("content-range") ?? "")?.[1];
    if (total !== undefined) return Number(total);
  }
  const length = response.headers.get("content-length");
  return length !== null && /^\d+$/.test(length) ? start + Number(length) : undefined;
}

function contentRangeStart(response: Response): number | undefined {
  const match = /^bytes\s+(\d+)-/.exec(response.headers.get("content-range") ?? "");
  return match ? Number(match[1]) : undefined;
}

function httpError(req: HubFileRequest, response: Response): Error {
  const where = `${req.file} of hub repo ${req.repoId} (revision ${req.revision})`;
  const status = `HTTP ${response.status}`;
  if (response.status === 401 || response.status === 403) {
    // The hub answers 401 for private, gated and missing repos alike, so all three are named.
    const hint = req.token
      ? "the token was refused: check that it is valid and may read this repo (and that the repo exists)"
      : "the repo is private, gated or missing: set HF_TOKEN (or pass a token) that may read it";
    return new Error(`access denied to ${where} (${status}): ${hint}`);
  }
  if (response.status === 404) {
    const what = response.headers.get("x-error-code") === "RevisionNotFound" ? `revision "${req.revision}" not found` : "file not found in repo";
    return new Error(`${what}: ${where} (${status})`);
  }
  return new Error(`download of ${where} failed: ${status} ${response.statusText}`.trimEnd());
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

function messageOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return error instanceof Error ? `${error.message}${cause}` : String(error);
}
