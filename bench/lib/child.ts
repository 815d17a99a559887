import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

/** A JSON log line from a child's stderr (pino or the ceiling's own line). */
export type LogLine = Record<string, unknown> & { msg?: string };

/** A Node child process (the real server or the ceiling) with its log and memory at hand. */
export interface NodeChild {
  readonly label: string;
  readonly pid: number;
  /** Resolves with the first log line that matches, rejects on timeout or exit. */
  waitFor(match: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine>;
  /** The last lines the child wrote, for error messages. */
  tail(): string[];
  /** Lines the child has written (stdout and stderr) since it started. */
  lineCount(): number;
  /** True once the process has exited. */
  hasExited(): boolean;
  /** Current and peak resident memory, from /proc/<pid>/status (bytes; undefined once gone). */
  memory(): { rssBytes: number; hwmBytes: number } | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

const TAIL_LINES = 40;

/**
 * Starts `node <args>` in `cwd` with `env` added to this process's environment. The pid is the
 * Node process itself (no shell between), so /proc/<pid>/status is the server's own memory.
 */
export function startNodeChild(label: string, args: string[], options: { cwd: string; env: Record<string, string> }): NodeChild {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`${label}: failed to start`);
  const pid = child.pid;
  const lines: string[] = [];
  let lineCount = 0;
  const waiters = new Set<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  let exited: { code: number | null; signal: string | null } | undefined;
  const exitPromise = new Promise<void>((resolve) => child.once("exit", (code, signal) => { exited = { code, signal }; resolve(); }));

  const onLine = (text: string) => {
    lineCount++;
    lines.push(text);
    if (lines.length > TAIL_LINES) lines.shift();
    let parsed: LogLine;
    try { parsed = JSON.parse(text) as LogLine; } catch { return; }
    for (const waiter of waiters) if (waiter.match(parsed)) { waiters.delete(waiter); waiter.resolve(parsed); }
  };
  // Always drain both pipes: a child blocked on a full pipe would stall the benchmark.
  createInterface({ input: child.stderr! }).on("line", onLine);
  createInterface({ input: child.stdout! }).on("line", onLine);

  return {
    label,
    pid,
    waitFor(match, timeoutMs) {
      return new Promise<LogLine>((resolve, reject) => {
        const waiter = { match, resolve: (line: LogLine) => { clearTimeout(timer); resolve(line); } };
        const fail = (why: string) => { waiters.delete(waiter); reject(new Error(`${label}: ${why}\n${lines.join("\n")}`)); };
        const timer = setTimeout(() => fail(`no matching log line within ${timeoutMs} ms`), timeoutMs);
        waiters.add(waiter);
        exitPromise.then(() => { clearTimeout(timer); if (waiters.has(waiter)) fail(`exited (${JSON.stringify(exited)})`); });
      });
    },
    tail: () => [...lines],
    lineCount: () => lineCount,
    hasExited: () => exited !== undefined,
    memory() {
      try {
        const status = readFileSync(`/proc/${pid}/status`, "utf8");
        const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
        return { rssBytes: kb("VmRSS"), hwmBytes: kb("VmHWM") };
      } catch {
        return undefined;
      }
    },
    async stop(graceMs = 5000) {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => { if (!exited) child.kill("SIGKILL"); }, graceMs);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
