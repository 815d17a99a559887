import { readFileSync } from "node:fs";

/**
 * CPU time seen by the whole machine against the CPU time of the benchmark's own processes, so a
 * run can say how much of the machine something else was using while it measured. On a shared
 * 2-core machine another process's test suite can halve a result; this makes that visible.
 */
export interface CpuSnapshot {
  /** Busy and total ticks summed over all CPUs (/proc/stat). */
  busy: number;
  total: number;
  /** utime + stime of our processes (/proc/<pid>/stat), in the same ticks. */
  ours: number;
}

function systemTicks(): { busy: number; total: number } | undefined {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields;
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return undefined;
  }
}

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // the name may contain spaces
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the full line)
  } catch {
    return 0; // the process is gone
  }
}

export function cpuSnapshot(pids: number[]): CpuSnapshot | undefined {
  const system = systemTicks();
  if (!system) return undefined;
  return { ...system, ours: pids.reduce((sum, pid) => sum + processTicks(pid), 0) };
}

/**
 * The share of the whole machine (0–1, all cores) used by processes other than ours between two
 * snapshots, or undefined where /proc is not available.
 */
export function foreignCpuShare(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined): number | undefined {
  if (!before || !after) return undefined;
  const total = after.total - before.total;
  if (total <= 0) return undefined;
  const foreign = after.busy - before.busy - (after.ours - before.ours);
  return Math.max(0, foreign / total);
}

/**
 * Waits until processes other than ours use less than `threshold` of the machine over a
 * `windowMs` window, or until `maxWaitMs` has passed; returns how long it waited and the last
 * share seen. A measurement taken while another test suite runs says little about the server.
 */
export async function waitForQuiet(
  pids: number[],
  options: { threshold: number; windowMs: number; maxWaitMs: number },
): Promise<{ waitedMs: number; share: number | undefined }> {
  const started = performance.now();
  for (;;) {
    const before = cpuSnapshot(pids);
    await new Promise((resolve) => setTimeout(resolve, options.windowMs));
    const share = foreignCpuShare(before, cpuSnapshot(pids));
    const waitedMs = performance.now() - started;
    if (share === undefined || share < options.threshold || waitedMs >= options.maxWaitMs) return { waitedMs, share };
  }
}
