/**
 * Recent traffic, in bounded memory: the last N requests' latencies, start times and
 * concurrency (a ring buffer), and per-second request counts over the last five minutes.
 */

/** One finished request as the window keeps it. */
export interface RequestSample {
  /** When it started (ms since the epoch). */
  startedAt: number;
  latencyMs: number;
  /** HTTP requests in flight when it started, itself included. */
  concurrency: number;
}

/** Latency and concurrency over the samples the window holds. */
export interface WindowSummary {
  /** Samples held (at most the retention size). */
  samples: number;
  averageMs: number;
  p95Ms: number;
  p99Ms: number;
  /** Most requests in flight at once over the samples held. */
  maxConcurrent: number;
  /** Seconds between the oldest sample's start and `now` (0 when empty). */
  spanSeconds: number;
}

/** The last `size` requests, oldest overwritten first. */
export class RecentWindow {
  readonly #latencies: Float64Array;
  readonly #startedAt: Float64Array;
  readonly #concurrency: Uint32Array;
  #next = 0;
  #count = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`retention size must be a positive integer, got ${size}`);
    this.#latencies = new Float64Array(size);
    this.#startedAt = new Float64Array(size);
    this.#concurrency = new Uint32Array(size);
  }

  push(sample: RequestSample): void {
    this.#latencies[this.#next] = sample.latencyMs;
    this.#startedAt[this.#next] = sample.startedAt;
    this.#concurrency[this.#next] = sample.concurrency;
    this.#next = (this.#next + 1) % this.size;
    this.#count = Math.min(this.#count + 1, this.size);
  }

  summary(now = Date.now()): WindowSummary {
    const n = this.#count;
    if (n === 0) return { samples: 0, averageMs: 0, p95Ms: 0, p99Ms: 0, maxConcurrent: 0, spanSeconds: 0 };
    const sorted = this.#latencies.slice(0, n).sort(); // typed-array sort is numeric
    let sum = 0;
    let maxConcurrent = 0;
    let oldest = Infinity;
    for (let i = 0; i < n; i++) {
      sum += this.#latencies[i];
      maxConcurrent = Math.max(maxConcurrent, this.#concurrency[i]);
      oldest = Math.min(oldest, this.#startedAt[i]);
    }
    return {
      samples: n,
      averageMs: sum / n,
      p95Ms: percentile(sorted, 0.95),
      p99Ms: percentile(sorted, 0.99),
      maxConcurrent,
      spanSeconds: Math.max(0, (now - oldest) / 1000),
    };
  }
}

/** Nearest-rank percentile of ascending values (at least one). */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * Requests per second over the last `seconds` seconds, one slot per second, so throughput
 * counts stay exact however many requests arrive (the sample ring above holds only N).
 */
export class RateCounter {
  readonly #counts: Uint32Array;
  readonly #second: Float64Array;
  #total = 0;

  constructor(readonly seconds = 300) {
    this.#counts = new Uint32Array(seconds);
    this.#second = new Float64Array(seconds).fill(-1);
  }

  /** Every request counted since start. */
  get total(): number {
    return this.#total;
  }

  add(at = Date.now()): void {
    const second = Math.floor(at / 1000);
    const slot = second % this.seconds;
    if (this.#second[slot] !== second) {
      this.#second[slot] = second;
      this.#counts[slot] = 0;
    }
    this.#counts[slot]++;
    this.#total++;
  }

  /** Requests counted in the last `windowSeconds` seconds (at most the counter's span). */
  count(windowSeconds: number, now = Date.now()): number {
    const current = Math.floor(now / 1000);
    const oldest = current - Math.min(windowSeconds, this.seconds) + 1;
    let sum = 0;
    for (let slot = 0; slot < this.seconds; slot++) {
      const second = this.#second[slot];
      if (second >= oldest && second <= current) sum += this.#counts[slot];
    }
    return sum;
  }
}
