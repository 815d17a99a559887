import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";

/*
 * Names and places for Hugging Face hub downloads. Everything that turns a caller's string
 * into a path on disk goes through here, so one set of checks keeps downloads inside the cache.
 *
 * Cache layout (folder names as huggingface_hub spells them, without its blobs/ and symlinks):
 *   <cacheDir>/models--<owner>--<name>/snapshots/<revision>/<file>
 *   <cacheDir>/models--<owner>--<name>/snapshots/<revision>/<file>.incomplete   (while downloading)
 *   <cacheDir>/models--<owner>--<name>/.no_exist/<revision>/<file>   (empty: an optional file the repo lacks)
 * A branch revision such as "main" is a folder name here, not a commit: once its files are on
 * disk they are reused even if the branch moves, so pin a commit hash for a reproducible model.
 */

/** Owner and name: letters, digits, "-", "_", "." (as the hub allows), neither starting with ".". */
const REPO_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]*\/[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

// The hub forbids "--" and ".." too; "--" would also make the cache folder name ambiguous.
const isValidRepoId = (repoId: string) => REPO_ID.test(repoId) && !repoId.includes("..") && !repoId.includes("--");

/** Throws unless `repoId` is a plain "owner/name" that cannot climb out of the cache folder. */
export function assertRepoId(repoId: string): void {
  if (!isValidRepoId(repoId)) {
    throw new Error(`invalid hub repo id "${repoId}": expected "owner/name" of letters, digits, "-", "_" and "."`);
  }
}

/**
 * Throws unless `file` is a relative path inside a repo: "/"-separated, no empty, "." or ".."
 * segment, no backslash or drive letter (which would mean something else on Windows).
 */
export function assertRepoFilePath(repoId: string, file: string): void {
  const segments = file.split("/");
  const bad =
    file.length === 0 ||
    file.includes("\\") ||
    file.includes("\0") ||
    isAbsolute(file) ||
    /^[A-Za-z]:/.test(file) ||
    file.endsWith(".incomplete") ||
    segments.some((segment) => segment === "" || segment === "." || segment === "..");
  if (bad) throw new Error(`invalid file path "${file}" for hub repo ${repoId}: must be a relative path inside the repo`);
}

/** The folder that holds one revision's files; the revision is URI-encoded so "refs/pr/1" stays one folder. */
export function snapshotDir(cacheDir: string, repoId: string, revision: string): string {
  return revisionDir(cacheDir, repoId, "snapshots", revision);
}

/**
 * The folder of empty markers for optional files the revision lacks (huggingface_hub's
 * `.no_exist/`), so a cached model needs no request, and starts offline, on the next call.
 */
export function noExistDir(cacheDir: string, repoId: string, revision: string): string {
  return revisionDir(cacheDir, repoId, ".no_exist", revision);
}

function revisionDir(cacheDir: string, repoId: string, kind: string, revision: string): string {
  assertRepoId(repoId);
  const folder = encodeURIComponent(revision);
  if (folder === "" || folder === "." || folder === "..") throw new Error(`invalid revision "${revision}" for hub repo ${repoId}`);
  return join(resolve(cacheDir), `models--${repoId.replace("/", "--")}`, kind, folder);
}

/** Where `file` lives under `dir` (a snapshot); checked again after joining, in case a check above missed a trick. */
export function snapshotFilePath(dir: string, repoId: string, file: string): string {
  assertRepoFilePath(repoId, file);
  const target = resolve(dir, file);
  const rel = relative(dir, target);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) throw new Error(`file path "${file}" escapes the cache folder of ${repoId}`);
  return target;
}

/**
 * The hub cache folder huggingface_hub would use: $HF_HUB_CACHE, else $HF_HOME/hub, else
 * ~/.cache/huggingface/hub. Sharing it means a model fetched by Python tools is not fetched twice.
 */
export function defaultHubCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HF_HUB_CACHE) return resolve(env.HF_HUB_CACHE);
  if (env.HF_HOME) return join(resolve(env.HF_HOME), "hub");
  return join(homedir(), ".cache", "huggingface", "hub");
}

/** True when `source` looks like a hub repo id ("owner/name", no leading "." or "/", not an existing local path). */
export function isHubRepoId(source: string): boolean {
  if (source.startsWith(".") || source.startsWith("/") || !isValidRepoId(source)) return false;
  // A folder that happens to be called "models/foo" next to the catalog wins over the hub.
  return !existsSync(source);
}
