import type { MiddlewareHandler } from "hono";

/** Where the server is in its life: readiness probes and draining depend on it. */
export type LifecycleState = "starting" | "ready" | "failed" | "draining";

/** The server's readiness, shared by /readyz, the draining middleware and shutdown. */
export class Lifecycle {
  #state: LifecycleState = "starting";

  get state(): LifecycleState {
    return this.#state;
  }

  /** Preloaded models are in: traffic may come. */
  markReady(): void {
    if (this.#state === "starting") this.#state = "ready";
  }

  /** A preloaded model failed to load: not ready, so an orchestrator keeps traffic away and alerts. */
  markFailed(): void {
    if (this.#state === "starting") this.#state = "failed";
  }

  /** Shutdown began: /readyz turns 503 and responses ask clients to reconnect elsewhere. */
  startDraining(): void {
    this.#state = "draining";
  }

  /** While draining, every response closes its connection so keep-alive clients move on. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      await next();
      if (this.#state === "draining") c.res.headers.set("connection", "close");
    };
  }
}
