import { createClient } from "@keyv/redis";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A private redis-server on its own free 127.0.0.1 port, for tests that kill or freeze Redis. */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** pid of the running server (changes on restart). */
  readonly pid: number;
  /** SIGSTOP: the port still accepts connections, nothing answers. */
  freeze(): void;
  /** SIGCONT. */
  thaw(): void;
  /** SIGKILL, waits for the exit (the port then refuses connections). */
  kill(): Promise<void>;
  /** Starts a fresh, empty server on the same port. */
  restart(): Promise<void>;
  /** Kills the server (if running) and removes its scratch directory. */
  stop(): Promise<void>;
}

/** A port that was free a moment ago (nothing listens on it when this returns). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Starts `redis-server` (nothing on disk) on a free port and waits until it answers PING. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "embedgate-redis-"));
  let child = await launch(port, dir);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child.pid!;
    },
    freeze: () => void child.kill("SIGSTOP"),
    thaw: () => void child.kill("SIGCONT"),
    kill: () => killChild(child),
    async restart() {
      await killChild(child);
      child = await launch(port, dir);
    },
    async stop() {
      await killChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Servers still running; killed when the test process exits, even after a failed test. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

async function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir, "--loglevel", "warning"],
    { stdio: "ignore" },
  );
  running.add(child);
  child.once("exit", () => running.delete(child));
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`redis-server exited (${code})`))));
  exited.catch(() => {});
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (await answersPing(port)) return child;
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 25)), exited]);
  }
  await killChild(child);
  throw new Error(`redis-server on port ${port} did not answer within 5 s`);
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL"); // works on a stopped process too
  await exited;
}

/** PING over a raw socket; true on +PONG. */
export function answersPing(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

/** A raw node-redis client, for tests that look at what the cache wrote. */
export type AdminClient = Awaited<ReturnType<typeof startPrivateRedisWithAdmin>>["admin"];

/** Starts a private Redis and connects an admin client to it. */
export async function startPrivateRedisWithAdmin() {
  const redis = await startPrivateRedis();
  const admin = createClient({ url: redis.url, socket: { reconnectStrategy: 50 } });
  admin.on("error", () => {}); // the tests kill this Redis on purpose
  await admin.connect();
  return { redis, admin };
}

/** Drops the admin connection (without waiting on a frozen server) and stops the private Redis. */
export async function stopPrivateRedisWithAdmin(redis: PrivateRedis, admin: AdminClient): Promise<void> {
  try {
    if (admin.isOpen) admin.destroy();
  } finally {
    await redis.stop();
  }
}
