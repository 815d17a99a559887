import { loadConfig } from "../../src/config/config.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { silentLogger } from "../../src/util/logger.js";
import { TEST_CACHE_DIR, TEST_CATALOG } from "./paths.js";

/** A real server on a free 127.0.0.1 port, serving the test catalog. */
export interface TestServer extends RunningServer {
  url: string;
}

/** Starts a server in this process (real HTTP, real models); `env` overrides the defaults. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig({ HOST: "127.0.0.1", PORT: "0", MODELS_FILE: TEST_CATALOG, EMBEDGATE_CACHE_DIR: TEST_CACHE_DIR, LOG_LEVEL: "silent", ...env });
  const server = await startServer(config, silentLogger());
  return Object.assign(server, { url: `http://127.0.0.1:${server.port}` });
}

/** POSTs JSON and returns status, headers and parsed body. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json: json as any, text };
}

/** GETs a URL and parses its JSON body. */
export async function getJson(url: string): Promise<any> {
  return (await fetch(url)).json();
}
