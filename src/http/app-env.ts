import type { RequestIdVariables } from "hono/request-id";
import type { Timings } from "../engine/jobs.js";

/** What an engine call did for a request: read by the access log and the metrics middleware. */
export interface RequestOutcome {
  model: string;
  inputs: number;
  tokens: number;
  cacheHits: number;
  cacheMisses: number;
  timings: Timings;
}

/** Hono environment shared by every router: the per-request variables middleware sets. */
export interface AppEnv {
  Variables: RequestIdVariables & { outcome?: RequestOutcome };
}
