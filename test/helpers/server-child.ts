import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { envSchema } from "../../src/config/config.js";
import { REPO_ROOT, TEST_CACHE_DIR, TEST_CATALOG } from "./paths.js";

/** How a server process ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** performance.now() when the exit was seen. */
  at: number;
}

/**
 * A real embedgate process, with what the compat harness does not expose: the pid, signals,
 * the exit code and time, and the parsed log lines.
 */
export interface ServerChild {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Resolves when the process exits. */
  exited: Promise<ChildExit>;
  /** Parsed JSON log lines so far (pino: `msg`, `level`, …). */
  entries(): Array<Record<string, unknown>>;
  /** Raw output lines so far, for failure messages. */
  logs(): string;
  /** Resolves with the first log entry `match` accepts (rejects after `timeoutMs`). */
  waitForLog(match: (entry: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  signal(name: NodeJS.Signals): void;
  /** SIGKILL if still running; resolves once exited. Safe to call more than once. */
  kill(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const KEEP_LINES = 2000;
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Spawns `node --import tsx src/main.ts serve` on 127.0.0.1 with PORT=0 (the test catalog unless
 * `env` says otherwise) and resolves once it logs "listening". Server variables of the caller's
 * environment are dropped so they cannot change what the test talks to.
 */
export async function spawnServer(env: Record<string, string> = {}): Promise<ServerChild> {
  const inherited = { ...process.env };
  for (const name of Object.keys(envSchema.shape)) delete inherited[name];
  const child = spawn(process.execPath, ["--import", "tsx", join(REPO_ROOT, "src/main.ts"), "serve"], {
    cwd: REPO_ROOT,
    env: { ...inherited, HOST: "127.0.0.1", PORT: "0", MODELS_FILE: TEST_CATALOG, EMBEDGATE_CACHE_DIR: TEST_CACHE_DIR, LOG_LEVEL: "info", LOG_PRETTY: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise<ChildExit>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal, at: performance.now() });
    });
  });

  const lines: string[] = [];
  const parsed: Array<Record<string, unknown>> = [];
  const watchers = new Set<(entry: Record<string, unknown>) => void>();
  const remember = (line: string) => {
    lines.push(line);
    if (lines.length > KEEP_LINES) lines.shift();
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry && typeof entry === "object") {
        parsed.push(entry);
        for (const watcher of watchers) watcher(entry);
      }
    } catch {
      // not a JSON log line
    }
  };
  createInterface({ input: child.stdout!, crlfDelay: Infinity }).on("line", remember);
  createInterface({ input: child.stderr!, crlfDelay: Infinity }).on("line", remember);
  const logs = () => lines.join("\n");

  const waitForLog = (match: (entry: Record<string, unknown>) => boolean, timeoutMs = 10_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const found = parsed.find(match);
      if (found) return resolve(found);
      const timer = setTimeout(() => {
        watchers.delete(watcher);
        reject(new Error(`no matching log line within ${timeoutMs} ms\n--- output ---\n${logs()}`));
      }, timeoutMs);
      const watcher = (entry: Record<string, unknown>) => {
        if (!match(entry)) return;
        clearTimeout(timer);
        watchers.delete(watcher);
        resolve(entry);
      };
      watchers.add(watcher);
    });

  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };

  let listening: Record<string, unknown>;
  try {
    listening = await Promise.race([
      waitForLog((entry) => entry.msg === "listening" && typeof entry.port === "number", START_TIMEOUT_MS),
      exited.then((exit) => Promise.reject(new Error(`server exited early (code ${exit.code}, signal ${exit.signal})\n${logs()}`))),
    ]);
  } catch (error) {
    await kill();
    throw error;
  }
  const port = listening.port as number;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    child,
    exited,
    entries: () => parsed,
    logs,
    waitForLog,
    signal: (name) => void child.kill(name),
    kill,
  };
}
