import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { envSchema } from "../../src/config/config.js";
import { REPO_ROOT, TEST_CACHE_DIR, TEST_CATALOG } from "../../test/helpers/paths.js";

/** A real embedgate process serving the test catalog on 127.0.0.1. */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** The last stderr lines (JSON logs), for failure messages. */
  logs(): string;
  /** SIGTERM, then SIGKILL if the process has not exited after 5 s; resolves once it has exited. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const KILL_AFTER_MS = 5_000;
const KEEP_LINES = 200;

/**
 * Spawns `node --import tsx src/main.ts serve` with PORT=0 and learns the port from the
 * `"listening"` log line. Server variables inherited from the caller's environment are dropped,
 * so a developer's LOG_LEVEL or MODELS_FILE cannot change what the tests talk to.
 */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const inherited = { ...process.env };
  for (const name of Object.keys(envSchema.shape)) delete inherited[name];
  const child = spawn(process.execPath, ["--import", "tsx", join(REPO_ROOT, "src/main.ts"), "serve"], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      HOST: "127.0.0.1",
      PORT: "0",
      MODELS_FILE: TEST_CATALOG,
      EMBEDGATE_CACHE_DIR: TEST_CACHE_DIR,
      LOG_LEVEL: "info",
      LOG_PRETTY: "false",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });

  // Keep draining both pipes for the whole life of the child: a full pipe would block its writes.
  const lines: string[] = [];
  const remember = (line: string) => {
    lines.push(line);
    if (lines.length > KEEP_LINES) lines.shift();
  };
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => chunk.split("\n").filter(Boolean).forEach((l) => remember(`[stdout] ${l}`)));
  const stderr = createInterface({ input: child.stderr!, crlfDelay: Infinity });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  const logs = () => lines.join("\n");
  // If the test process dies without afterAll, do not leave the server running behind it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  void exited.then(() => process.removeListener("exit", killOnExit));

  const port = await new Promise<number>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      reject(new Error(`embedgate did not start: ${why}\n--- captured output ---\n${logs()}`));
    };
    const timer = setTimeout(() => fail(`no "listening" line within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    stderr.on("line", (line) => {
      remember(line);
      const entry = parseJsonLine(line);
      if (entry?.msg === "listening" && typeof entry.port === "number") {
        clearTimeout(timer);
        resolve(entry.port);
      }
    });
    child.once("error", (error) => fail(`spawn failed: ${error.message}`));
    void exited.then(([code, signal]) => fail(`exited early (code ${code}, signal ${signal})`));
  });

  return { url: `http://127.0.0.1:${port}`, logs, stop: () => stopChild(child, exited) };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

function parseJsonLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
