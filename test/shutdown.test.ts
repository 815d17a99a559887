/**
 * Process-level shutdown: real server processes get SIGTERM (and a second one) under load.
 * Requests the server accepted before SIGTERM must all finish with 200; later ones may only be
 * refused at the connection; /readyz answers 503 while draining; exit codes are 0 (clean),
 * 1 (drain timed out) and 130 (second signal).
 */
import { Agent, request } from "node:http";
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openConnection, rawRequest, type RawConnection } from "./helpers/raw-http.js";
import { spawnServer, type ServerChild } from "./helpers/server-child.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const children: ServerChild[] = [];
const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const child of children.splice(0)) await child.kill();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function start(env: Record<string, string>): Promise<ServerChild> {
  const child = await spawnServer(env);
  children.push(child);
  return child;
}

/** Polls /readyz on fresh connections until it answers 200 (bounded). */
async function untilReady(server: ServerChild): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const res = await rawRequest(server.port, { method: "GET", path: "/readyz" }).catch(() => undefined);
    if (res?.status === 200) return;
    await sleep(25);
  }
  throw new Error(`server never became ready\n${server.logs()}`);
}

const isShuttingDown = (entry: Record<string, unknown>) => typeof entry.msg === "string" && entry.msg.startsWith("shutting down");

/** Parses the first HTTP response out of raw bytes received on a connection. */
function parseRawResponse(raw: string): { status: number; headers: Record<string, string>; body: string } {
  const [head, ...rest] = raw.split("\r\n\r\n");
  const [statusLine, ...headerLines] = head.split("\r\n");
  const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
  return { status: Number(statusLine.split(" ")[1]), headers, body: rest.join("\r\n\r\n") };
}

/** A connection whose request is under way (headers and part of a body sent): it holds the drain open. */
async function holdDrainOpen(port: number): Promise<RawConnection> {
  const connection = await openConnection(port);
  connection.socket.write('POST /v1/embeddings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":"glove-100d",');
  await sleep(50);
  return connection;
}

interface Outcome {
  n: number;
  phase: "before" | "after";
  status?: number;
  error?: string;
  body?: string;
}

describe("SIGTERM under load", () => {
  it("finishes every accepted request with 200, refuses later ones cleanly, answers /readyz 503 while draining, exits 0", async () => {
    const SHUTDOWN_TIMEOUT_MS = 20_000; // generous: a loaded CI machine drains slower
    const server = await start({ SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), MAX_CONCURRENT_REQUESTS: "2", MAX_QUEUE_SIZE: "1000", BATCH_MAX_SIZE: "128" });
    await untilReady(server);

    const TOTAL = 200;
    const CONCURRENCY = 20;
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    cleanups.push(() => agent.destroy());
    const bodyFor = (n: number): [string, unknown] => {
      const texts = (count: number) => Array.from({ length: count }, (_, i) => `load ${n} text ${i} ${"lorem ipsum dolor sit amet ".repeat(3)}${Math.random()}`);
      if (n % 5 === 0) return n % 10 === 0 ? ["/v1/embeddings", { model: "glove-100d", input: texts(1000) }] : ["/api/embed", { model: "glove-100d", input: texts(1000) }];
      const small: Array<[string, unknown]> = [
        ["/v1/embeddings", { model: "glove-100d", input: texts(2) }],
        ["/api/embed", { model: "glove-100d", input: texts(1)[0] }],
        ["/v2/rerank", { model: "glove-100d", query: "cats", documents: texts(3) }],
        ["/rerank", { query: "cats", texts: texts(2) }],
        ["/api/embed/batch", { model: "glove-100d", inputs: [texts(1), texts(2)] }],
      ];
      return small[n % small.length];
    };
    const send = (n: number, phase: Outcome["phase"]) =>
      new Promise<Outcome>((resolve) => {
        const [path, body] = bodyFor(n);
        const text = JSON.stringify(body);
        const req = request({
          host: "127.0.0.1",
          port: server.port,
          method: "POST",
          path,
          agent,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(text), "cache-control": "no-cache, no-store" },
        });
        req.setTimeout(20_000, () => req.destroy(new Error("client timeout")));
        req.on("error", (error: NodeJS.ErrnoException) => resolve({ n, phase, error: error.code ?? error.message }));
        req.on("response", (res) => {
          const parts: Buffer[] = [];
          res.on("data", (part: Buffer) => parts.push(part));
          res.on("error", (error: NodeJS.ErrnoException) => resolve({ n, phase, error: `response ${error.code ?? error.message}` }));
          res.on("end", () => resolve({ n, phase, status: res.statusCode, body: Buffer.concat(parts).toString("utf8").slice(0, 200) }));
        });
        req.end(text);
      });

    // A /readyz request whose headers are not finished yet: the connection is busy (not idle),
    // so it survives the start of the drain, and the request is read only once we end it.
    const probe = await openConnection(server.port);
    probe.socket.write("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n");

    const outcomes: Outcome[] = [];
    let next = 0;
    let phase: Outcome["phase"] = "before";
    let paused = false;
    let inFlight = 0;
    let sigtermAt = 0;
    let inFlightAtSigterm = -1;
    const worker = async () => {
      while (next < TOTAL) {
        if (paused) {
          await sleep(5);
          continue;
        }
        const n = next++;
        inFlight++;
        outcomes.push(await send(n, phase));
        inFlight--;
      }
    };
    const workers = Array.from({ length: CONCURRENCY }, worker);

    // Mid-way: stop handing out new requests, give the server a moment to read the ones in
    // flight (so "sent before SIGTERM" means "accepted"), then SIGTERM and resume. Without the
    // pause, a request written onto an idle keep-alive socket in the same instant the drain
    // closes idle connections is reset unread: HTTP/1.1's keep-alive race (RFC 9112 §9.3.1),
    // which clients answer by retrying; the server never accepted that request.
    for (let i = 0; i < 2000 && outcomes.length < 60; i++) await sleep(5);
    paused = true;
    await sleep(150);
    expect(inFlight, "requests still running when SIGTERM arrives").toBeGreaterThan(0);
    inFlightAtSigterm = inFlight;
    sigtermAt = performance.now();
    server.signal("SIGTERM");
    phase = "after";
    await server.waitForLog(isShuttingDown);
    paused = false;

    // Draining: a new connection is refused; the probe connection's request gets 503.
    const refused = await rawRequest(server.port, { method: "GET", path: "/livez", timeoutMs: 2000 }).then(
      (res) => `status ${res.status}`,
      (error: NodeJS.ErrnoException) => error.code ?? error.message,
    );
    expect(refused).toBe("ECONNREFUSED");
    probe.socket.write("\r\n");
    const probeAnswer = parseRawResponse(await probe.closed);
    expect(probeAnswer.status).toBe(503);
    expect(JSON.parse(probeAnswer.body)).toEqual({ status: "draining" });
    expect(probeAnswer.headers.connection).toBe("close");

    await Promise.all(workers);
    const exit = await server.exited;
    const drainMs = exit.at - sigtermAt;

    const before = outcomes.filter((o) => o.phase === "before");
    const after = outcomes.filter((o) => o.phase === "after");
    const summary = JSON.stringify({
      exit: exit.code,
      drainMs: Math.round(drainMs),
      inFlightAtSigterm,
      before: before.length,
      beforeNot200: before.filter((o) => o.status !== 200),
      after: after.length,
      afterStatuses: after.reduce<Record<string, number>>((acc, o) => ((acc[o.status ?? o.error!] = (acc[o.status ?? o.error!] ?? 0) + 1), acc), {}),
    });
    expect(outcomes, summary).toHaveLength(TOTAL);
    // Every request sent before SIGTERM was accepted and finished: 200, none dropped or reset.
    expect(before.every((o) => o.status === 200), summary).toBe(true);
    // After SIGTERM: a 200 (it reached a connection still open) or a refusal at the connection, never an error status.
    for (const o of after) {
      if (o.status !== undefined) expect(o.status, summary).toBe(200);
      else expect(["ECONNREFUSED", "ECONNRESET", "EPIPE"], summary).toContain(o.error);
    }
    expect(exit.code, server.logs().slice(-3000)).toBe(0);
    expect(drainMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(server.entries().some((e) => e.msg === "stopped" && e.clean === true)).toBe(true);
  }, 60_000);
});

describe("signals and drain limits", () => {
  it("a second SIGTERM during a long drain exits at once with code 130", async () => {
    const server = await start({ SHUTDOWN_TIMEOUT_MS: "20000" });
    await untilReady(server);
    const held = await holdDrainOpen(server.port);
    cleanups.push(() => void held.socket.destroy());
    server.signal("SIGTERM");
    await server.waitForLog(isShuttingDown);
    await sleep(300);
    expect(server.child.exitCode, "still draining: the held request is not finished").toBeNull();
    const second = performance.now();
    server.signal("SIGTERM");
    const exit = await server.exited;
    expect(exit.code).toBe(130);
    expect(exit.at - second).toBeLessThan(1500);
  });

  it("SIGINT drains like SIGTERM and exits 0", async () => {
    const server = await start({ SHUTDOWN_TIMEOUT_MS: "5000" });
    await untilReady(server);
    const sent = performance.now();
    server.signal("SIGINT");
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - sent).toBeLessThan(5000);
  });

  it("a drain that outlasts SHUTDOWN_TIMEOUT_MS cuts the held request off and exits 1", async () => {
    const server = await start({ SHUTDOWN_TIMEOUT_MS: "1000" });
    await untilReady(server);
    const held = await holdDrainOpen(server.port);
    const sent = performance.now();
    server.signal("SIGTERM");
    const exit = await server.exited;
    expect(exit.code).toBe(1);
    expect(exit.at - sent).toBeGreaterThanOrEqual(900);
    expect(exit.at - sent).toBeLessThan(4000);
    await held.closed; // the server closed it
    expect(server.entries().some((e) => e.msg === "shutdown timed out; closing remaining connections")).toBe(true);
  });

  it("an idle keep-alive connection (after a request) does not hold up the drain", async () => {
    const server = await start({ SHUTDOWN_TIMEOUT_MS: "5000" });
    await untilReady(server);
    const idle = await openConnection(server.port);
    idle.socket.write("GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    for (let i = 0; i < 200 && !idle.received().includes("\r\n\r\n"); i++) await sleep(5);
    expect(idle.received()).toMatch(/^HTTP\/1\.1 200/);
    const sent = performance.now();
    server.signal("SIGTERM");
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - sent).toBeLessThan(2000);
  });

  it("a connection that never sent a request does not hold up the drain", async () => {
    // Browsers, HTTP client pools (undici) and load balancers open connections ahead of use.
    const server = await start({ SHUTDOWN_TIMEOUT_MS: "5000" });
    await untilReady(server);
    const unused = await openConnection(server.port);
    cleanups.push(() => void unused.socket.destroy());
    const sent = performance.now();
    server.signal("SIGTERM");
    const exit = await server.exited;
    const ms = Math.round(exit.at - sent);
    expect({ code: exit.code, quick: ms < 2000 }, `exited with ${exit.code} after ${ms} ms`).toEqual({ code: 0, quick: true });
  });
});

describe("readiness before the default model is in", () => {
  it("/readyz is 503 'starting' while the default model loads, /livez is 200, and SIGTERM still exits 0", async () => {
    // A hub that accepts the download request and never answers, on 127.0.0.1.
    const stalled = new Set<import("node:http").ServerResponse>();
    const hub: Server = createServer((_req, res) => void stalled.add(res));
    await new Promise<void>((resolve) => hub.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => {
      hub.closeAllConnections();
      hub.close();
    });
    const hubPort = (hub.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), "embedgate-starting-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const catalog = join(dir, "models.json");
    writeFileSync(catalog, JSON.stringify({ default: "slow", models: [{ id: "slow", backend: "model2vec", source: "stalled/model" }] }));

    const server = await start({ MODELS_FILE: catalog, HF_ENDPOINT: `http://127.0.0.1:${hubPort}`, HF_HOME: dir, SHUTDOWN_TIMEOUT_MS: "3000" });
    for (let i = 0; i < 200 && stalled.size === 0; i++) await sleep(10);
    expect(stalled.size, "the server asked the hub for the model").toBeGreaterThan(0);
    const ready = await rawRequest(server.port, { method: "GET", path: "/readyz" });
    expect(ready.status).toBe(503);
    expect(ready.json).toEqual({ status: "starting" });
    expect((await rawRequest(server.port, { method: "GET", path: "/livez" })).status).toBe(200);
    const health = await rawRequest(server.port, { method: "GET", path: "/health" });
    expect(health.json.models).toEqual([{ id: "slow", loaded: false, dimensions: null }]);
    server.signal("SIGTERM");
    const exit = await server.exited;
    expect(exit.code).toBe(0);
  });
});
