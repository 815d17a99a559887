import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

/** The machine a run was made on, recorded beside its numbers. */
export interface MachineInfo {
  cpuModel: string;
  /** Logical CPUs this process may use. */
  cores: number;
  totalMemoryBytes: number;
  node: string;
  platform: string;
  kernel: string;
  /** The repository commit the server ran from, and whether the tree had changes. */
  gitCommit?: string;
  gitDirty?: boolean;
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (match) return match[1].trim();
  } catch {
    // not Linux: fall back to what Node reports
  }
  return os.cpus()[0]?.model ?? "unknown";
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim();
  } catch {
    return undefined;
  }
}

export function machineInfo(repoRoot: string): MachineInfo {
  const status = git(["status", "--porcelain", "--", "src"], repoRoot);
  return {
    cpuModel: cpuModel(),
    cores: os.availableParallelism(),
    totalMemoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    gitCommit: git(["rev-parse", "--short", "HEAD"], repoRoot),
    gitDirty: status === undefined ? undefined : status.length > 0,
  };
}
