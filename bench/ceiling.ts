/**
 * The ceiling: a bare Hono server that answers with the exact response bytes the real server
 * produced for a scenario's request, serialised once up front. It does what any HTTP server on
 * this stack must do (accept, parse the request, read its body, write the response) and nothing
 * else, so the real server's req/s divided by this one's is the share of the ceiling it reaches.
 *
 *   node --import tsx bench/ceiling.ts <dir>   # serves POST /ceiling/<name> with <dir>/<name>.json
 *
 * It logs `{"port":N,"msg":"listening"}` on stderr, like the real server, and stops on SIGTERM.
 */
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { readdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";

/** A Hono app serving each named body at POST /ceiling/<name>. */
export function createCeilingApp(bodies: ReadonlyMap<string, Uint8Array<ArrayBuffer>>): Hono {
  const app = new Hono();
  app.post("/ceiling/:name", async (c) => {
    const body = bodies.get(c.req.param("name"));
    await c.req.arrayBuffer(); // read the request as the real server must
    if (!body) return c.json({ error: "no such ceiling body" }, 404);
    return c.body(body, 200, { "content-type": "application/json" });
  });
  return app;
}

/** Reads every `<name>.json` in a folder into a name → bytes map. */
export function loadCeilingBodies(dir: string): Map<string, Uint8Array<ArrayBuffer>> {
  const bodies = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const file of readdirSync(dir)) {
    if (file.endsWith(".json")) bodies.set(basename(file, ".json"), readFileSync(join(dir, file)));
  }
  return bodies;
}

async function main(dir: string | undefined): Promise<void> {
  if (!dir) {
    process.stderr.write("usage: node --import tsx bench/ceiling.ts <dir of <name>.json bodies>\n");
    process.exit(2);
  }
  const app = createCeilingApp(loadCeilingBodies(dir));
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  process.stderr.write(`${JSON.stringify({ port, msg: "listening" })}\n`);
  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref(); // don't wait on lingering keep-alive sockets
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv[2]).catch((error) => {
    process.stderr.write(`ceiling: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
