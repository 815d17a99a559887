import { AppError } from "../errors.js";

/** Milliseconds a model stays loaded after use; Infinity = forever, 0 = unload when idle. */
export type KeepAliveMs = number;

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses Ollama's `keep_alive`: a number of seconds, or a Go-style duration string ("5m",
 * "1h30m", "300ms", "10s"); any negative value means forever, 0 means unload after use.
 * Throws invalid_request for anything else.
 */
export function parseKeepAlive(value: string | number, param = "keep_alive"): KeepAliveMs {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw invalid(param);
    return value < 0 ? Infinity : value * 1000;
  }
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return parseKeepAlive(Number(text), param);
  const match = /^(-?)((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$/.exec(text);
  if (!match) throw invalid(param);
  if (match[1] === "-") return Infinity;
  let total = 0;
  for (const [, amount, unit] of match[2].matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(amount) * UNIT_MS[unit];
  return total;
}

function invalid(param: string): AppError {
  return new AppError("invalid_request", `${param} must be a duration like "5m", "1h", "30s", a number of seconds, 0 or -1`, { param });
}
