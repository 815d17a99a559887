import type { Logger } from "../util/logger.js";
import { fetchHubFile } from "./hub-fetch-file.js";
import { assertRepoFilePath, assertRepoId, defaultHubCacheDir, noExistDir, snapshotDir, snapshotFilePath } from "./hub-paths.js";

export { isHubRepoId } from "./hub-paths.js";

/** What to fetch from the Hugging Face hub, and how. */
export interface HubDownloadOptions {
  /** "owner/name", e.g. "minishlab/potion-base-8M". */
  repoId: string;
  /** Branch, tag or commit; default "main". A commit makes the download reproducible. */
  revision?: string;
  /** Files the model needs; a missing one is an error. */
  files: string[];
  /** Files fetched when the repo has them (a 404 is fine), e.g. "modules.json". */
  optionalFiles?: string[];
  /** Default: $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub. */
  cacheDir?: string;
  /** Default: $HF_ENDPOINT, else https://huggingface.co. */
  endpoint?: string;
  /** Default: $HF_TOKEN. Sent as a Bearer token, never logged. */
  token?: string;
  logger?: Logger;
  /** Draw progress bars (default: when stderr is a terminal). */
  progressBar?: boolean;
  /** Default: globalThis.fetch. */
  fetchImpl?: typeof fetch;
}

const DEFAULT_ENDPOINT = "https://huggingface.co";

/**
 * Downloads (or reuses) the files and returns the local folder that holds them,
 * `<cacheDir>/models--<owner>--<name>/snapshots/<revision>/` (see hub-paths.ts).
 *
 * Files already in that folder, and optional files already known to be absent, are not
 * requested again; the others are streamed to disk one by one, resuming a previous partial
 * download. Throws an Error naming the repo, the file and
 * the HTTP status when a required file cannot be had; files fetched before the failure stay.
 */
export async function downloadFromHub(opts: HubDownloadOptions): Promise<string> {
  const revision = opts.revision ?? "main";
  const optionalFiles = opts.optionalFiles ?? [];
  // Check every name before the first request, so a bad list fetches nothing.
  assertRepoId(opts.repoId);
  for (const file of [...opts.files, ...optionalFiles]) assertRepoFilePath(opts.repoId, file);

  const cacheDir = opts.cacheDir ?? defaultHubCacheDir();
  const snapshot = snapshotDir(cacheDir, opts.repoId, revision);
  const noExist = noExistDir(cacheDir, opts.repoId, revision);
  const endpoint = (opts.endpoint ?? (process.env.HF_ENDPOINT || DEFAULT_ENDPOINT)).replace(/\/+$/, "");
  const token = opts.token ?? (process.env.HF_TOKEN || undefined);
  const fetchImpl = opts.fetchImpl ?? globalThis.fetch;
  const required = new Set(opts.files);
  // A file named in both lists is required; each file is fetched once.
  const all = [...new Set([...opts.files, ...optionalFiles])];

  for (const file of all) {
    const url = `${endpoint}/${opts.repoId}/resolve/${encodeURIComponent(revision)}/${file.split("/").map(encodeURIComponent).join("/")}`;
    await fetchHubFile({
      repoId: opts.repoId,
      revision,
      file,
      url,
      target: snapshotFilePath(snapshot, opts.repoId, file),
      absentMarker: snapshotFilePath(noExist, opts.repoId, file),
      optional: !required.has(file),
      token,
      logger: opts.logger,
      progressBar: opts.progressBar,
      fetchImpl,
    });
  }
  return snapshot;
}
