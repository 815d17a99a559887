import { describe, expect, it } from "vitest";
import { startServerProcess } from "./helpers/server-process.js";

describe("startServerProcess (the compat tests' own harness)", () => {
  it("learns the port from the log, serves, and stop() ends the process", async () => {
    const server = await startServerProcess();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    await server.stop();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    await server.stop(); // a second stop is a no-op
  });

  it("fails fast with the captured stderr when the server cannot start", async () => {
    const error = await startServerProcess({ PORT: "not-a-port" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/exited early/);
    expect((error as Error).message).toMatch(/PORT/);
  });
});
