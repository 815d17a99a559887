import autocannon from "autocannon";
import { cpus } from "node:os";
import { cpuSnapshot, foreignCpuShare, type CpuSnapshot } from "./cpu.js";

/** One autocannon run: where, how hard, for how long, with which request bodies. */
export interface LoadSpec {
  /** Base address, e.g. http://127.0.0.1:1234 (only loopback addresses are allowed). */
  origin: string;
  path: string;
  connections: number;
  /** Seconds to run; ignored when `amount` is set. */
  durationS?: number;
  /** Stop after this many responses instead of after a duration. */
  amount?: number;
  /** A fixed request body, or `nextBody` for a new body on every request. */
  body?: string;
  nextBody?: () => string;
  headers?: Record<string, string>;
  /** Polled every 200 ms while the run lasts (the server's RSS, in bytes). */
  sampleRss?: () => number | undefined;
  /** Our processes (runner, server, ceiling), so CPU used by anything else can be reported. */
  cpuPids?: number[];
  /** The process under test, whose CPU use is reported in cores. */
  serverPid?: number;
}

/** What one run measured. Latencies are the client's, in milliseconds, at full float precision. */
export interface LoadResult {
  connections: number;
  wallS: number;
  responses: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 2xx responses per second of wall time. */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Sums of the x-cache-hits / x-cache-misses response headers; undefined when no response had them. */
  cacheHits?: number;
  cacheMisses?: number;
  peakRssBytes?: number;
  /** Share of the whole machine (0–1) used by processes other than the benchmark's own. */
  foreignCpu?: number;
  /** CPU the process under test used, in cores (0–number of CPUs). */
  serverCpuCores?: number;
  /** CPU the load generator (this process: autocannon) used, in cores. */
  clientCpuCores?: number;
}

/** Growable float64 sample buffer, so 10^5–10^6 latencies cost no per-sample allocation. */
class Samples {
  #data = new Float64Array(1 << 16);
  #length = 0;
  push(value: number): void {
    if (this.#length === this.#data.length) {
      const next = new Float64Array(this.#data.length * 2);
      next.set(this.#data);
      this.#data = next;
    }
    this.#data[this.#length++] = value;
  }
  summary(): { p50: number; p99: number; mean: number } {
    const sorted = this.#data.slice(0, this.#length).sort();
    if (sorted.length === 0) return { p50: NaN, p99: NaN, mean: NaN };
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    let sum = 0;
    for (const value of sorted) sum += value;
    return { p50: at(0.5), p99: at(0.99), mean: sum / sorted.length };
  }
}

export function assertLoopback(origin: string): void {
  const host = new URL(origin).hostname;
  if (!(host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host))) {
    throw new Error(`refusing to send load to ${origin}: benchmarks target loopback addresses only`);
  }
}

function headerNumber(headers: Record<string, unknown> | undefined, name: string): number | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Number(Array.isArray(value) ? value[0] : value);
  }
  return undefined;
}

/** Runs autocannon once and measures latency, status codes and the cache headers itself. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  assertLoopback(spec.origin);
  const latencies = new Samples();
  let cacheHits: number | undefined;
  let cacheMisses: number | undefined;
  const onResponse = (_status: number, _body: string, _context: object, headers: Record<string, unknown>) => {
    const hits = headerNumber(headers, "x-cache-hits");
    const misses = headerNumber(headers, "x-cache-misses");
    if (hits !== undefined && Number.isFinite(hits)) cacheHits = (cacheHits ?? 0) + hits;
    if (misses !== undefined && Number.isFinite(misses)) cacheMisses = (cacheMisses ?? 0) + misses;
  };
  const nextBody = spec.nextBody;
  const request: autocannon.Request = {
    method: "POST",
    path: spec.path,
    headers: { "content-type": "application/json", ...spec.headers },
    body: spec.body ?? nextBody?.(),
    onResponse: onResponse as autocannon.Request["onResponse"],
    ...(nextBody ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: nextBody() }) } : {}),
  };

  let peakRss: number | undefined;
  const sample = () => {
    const rss = spec.sampleRss?.();
    if (rss !== undefined && Number.isFinite(rss)) peakRss = Math.max(peakRss ?? 0, rss);
  };
  let ok = 0;
  let lastResponseAt: number | undefined;
  const pids = spec.cpuPids ?? [process.pid];
  const server = spec.serverPid;
  const takeCpu = () => ({
    at: performance.now(),
    all: cpuSnapshot(pids),
    server: server ? cpuSnapshot([server]) : undefined,
    client: cpuSnapshot([process.pid]),
  });
  const cpuBefore = takeCpu();
  // CPU is read every 200 ms too, so the window can end at the last response rather than at
  // autocannon's late end-of-run tick, when the server is already idle.
  const cpuSamples: ReturnType<typeof takeCpu>[] = [];
  const sampler = setInterval(() => {
    sample();
    cpuSamples.push(takeCpu());
  }, 200);
  const started = performance.now();
  try {
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `${spec.origin}${spec.path}`,
          connections: spec.connections,
          ...(spec.amount ? { amount: spec.amount } : { duration: spec.durationS ?? 10 }),
          timeout: 30,
          requests: [request],
        },
        (error, res) => (error ? reject(error) : resolve(res)),
      );
      instance.on("response", (_client: unknown, status: number, _bytes: number, responseTime: number) => {
        latencies.push(responseTime);
        if (status >= 200 && status < 300) ok++;
        lastResponseAt = performance.now();
      });
    });
    // autocannon notices the end (duration over, or `amount` reached) only on its 1-second tick,
    // so its own duration overshoots by up to a second: time the run up to the last response.
    const wallS = ((lastResponseAt ?? performance.now()) - started) / 1000;
    sample();
    const end = lastResponseAt ?? performance.now();
    const cpuAfter = cpuSamples.filter((s) => s.at <= end + 50).at(-1) ?? takeCpu();
    const coresUsed = (before: CpuSnapshot | undefined, after: CpuSnapshot | undefined) =>
      before && after && after.total > before.total ? ((after.ours - before.ours) / (after.total - before.total)) * cpus().length : undefined;
    const { p50, p99, mean } = latencies.summary();
    return {
      connections: spec.connections,
      wallS,
      responses: result["2xx"] + result.non2xx,
      ok,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      reqPerSec: ok / wallS,
      p50Ms: p50,
      p99Ms: p99,
      meanMs: mean,
      cacheHits,
      cacheMisses,
      peakRssBytes: peakRss,
      foreignCpu: foreignCpuShare(cpuBefore.all, cpuAfter.all),
      serverCpuCores: coresUsed(cpuBefore.server, cpuAfter.server),
      clientCpuCores: coresUsed(cpuBefore.client, cpuAfter.client),
    };
  } finally {
    clearInterval(sampler);
  }
}
