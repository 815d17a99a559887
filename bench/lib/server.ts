import { createServer } from "node:net";
import { join } from "node:path";
import { startNodeChild, type NodeChild } from "./child.js";
import { assertLoopback } from "./load.js";

/** A running embedgate server (`node --import tsx src/main.ts serve`) started by the bench. */
export interface EmbedgateServer {
  child: NodeChild;
  origin: string;
  /** From spawn to the first 200 from /readyz (the default model is loaded). */
  readyMs: number;
}

/** A free loopback port, chosen by the kernel (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen({ port: 0, host: "127.0.0.1" }, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

/** GET with a deadline; resolves with the status, or undefined when nothing answered. */
export async function getStatus(url: string, timeoutMs = 2000): Promise<number | undefined> {
  assertLoopback(url);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

/**
 * Starts the real server on a free port of 127.0.0.1 with `env` added (LOG_LEVEL, API_KEYS, …)
 * and waits, within `readyTimeoutMs`, until /readyz answers 200. Readiness is polled rather than
 * read from the "ready" log line, so it works at any LOG_LEVEL. `register` gets the child as soon
 * as it exists, so the caller can stop it on error or Ctrl-C.
 */
export async function startEmbedgate(options: {
  label: string;
  repoRoot: string;
  catalogPath: string;
  env?: Record<string, string>;
  register: (child: NodeChild) => void;
  readyTimeoutMs?: number;
}): Promise<EmbedgateServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${String(port)}`;
  const started = performance.now();
  const child = startNodeChild(options.label, ["--import", "tsx", "src/main.ts", "serve"], {
    cwd: options.repoRoot,
    env: {
      PORT: String(port), HOST: "127.0.0.1", LOG_PRETTY: "false", LOG_LEVEL: "info",
      MODELS_FILE: options.catalogPath, EMBEDGATE_CACHE_DIR: join(options.repoRoot, ".cache/embedgate"),
      ...options.env,
    },
  });
  options.register(child);
  const deadline = started + (options.readyTimeoutMs ?? 180_000); // a first start builds glove-100d
  for (;;) {
    if (child.hasExited()) throw new Error(`${options.label}: exited before it was ready\n${child.tail().join("\n")}`);
    if ((await getStatus(`${origin}/readyz`, 1000)) === 200) break;
    if (performance.now() > deadline) throw new Error(`${options.label}: not ready within ${options.readyTimeoutMs ?? 180_000} ms\n${child.tail().join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, origin, readyMs: performance.now() - started };
}
