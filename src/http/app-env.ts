import type { RequestIdVariables } from "hono/request-id";

/** Hono environment shared by every router: the per-request variables middleware sets. */
export interface AppEnv {
  Variables: RequestIdVariables;
}
