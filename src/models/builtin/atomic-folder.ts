import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Builds a folder so that readers only ever see it complete: `build` fills a fresh temp folder
 * beside the target, which is then renamed into place (atomic on one filesystem). If another
 * process published the target meanwhile, its copy wins and ours is discarded, so racing
 * builders never fail and never mix files. The temp folder is removed on every path.
 */
export async function buildFolderAtomically(target: string, build: (tempDir: string) => Promise<void>): Promise<string> {
  await mkdir(dirname(target), { recursive: true });
  // A dot-prefixed sibling: same filesystem as the target, and easy to tell apart from models.
  const tempDir = await mkdtemp(join(dirname(target), `.${basename(target)}.tmp-`));
  try {
    await build(tempDir);
    await chmod(tempDir, 0o755); // mkdtemp makes it owner-only; the published folder is shared
    try {
      await rename(tempDir, target);
    } catch (error) {
      // ENOTEMPTY/EEXIST (POSIX) or EPERM (Windows): someone else got there first.
      if (!existsSync(target)) throw error;
    }
    return target;
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}
