import { AppError } from "../errors.js";

/** Limits of the admission queue. */
export interface AdmissionOptions {
  /** Units of work running at once (MAX_CONCURRENT_REQUESTS). */
  maxConcurrent: number;
  /** Units allowed to wait; past that new work is shed with 503 (MAX_QUEUE_SIZE). */
  maxQueued: number;
  /** Longest wait before a unit is shed with 503 (QUEUE_TIMEOUT_MS). */
  timeoutMs: number;
}

/** Gives a permit back. Safe to call more than once. */
export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
  fail: (error: AppError) => void;
  cleanup: () => void;
}

/**
 * A counting semaphore with a bounded FIFO wait queue. Work beyond the queue is shed at once
 * (503 + Retry-After) instead of piling up in memory; queued work that waits too long, or whose
 * client went away, leaves the queue and never runs.
 */
export class AdmissionQueue {
  #running = 0;
  readonly #waiting: Waiter[] = [];

  constructor(private readonly options: AdmissionOptions) {}

  /** Units running now. */
  get running(): number {
    return this.#running;
  }

  /** Units waiting for a permit. */
  get queued(): number {
    return this.#waiting.length;
  }

  /**
   * Waits for a permit. `alreadyAdmitted` marks the later units of a request that was admitted
   * before: they wait in line like everyone else but are never shed, so an accepted request is
   * never dropped half-way.
   */
  acquire(signal?: AbortSignal, alreadyAdmitted = false): Promise<Release> {
    if (signal?.aborted) return Promise.reject(new AppError("client_closed", "client closed the request"));
    if (this.#running < this.options.maxConcurrent && this.#waiting.length === 0) {
      this.#running++;
      return Promise.resolve(this.#releaser());
    }
    if (!alreadyAdmitted && this.#waiting.length >= this.options.maxQueued) {
      return Promise.reject(new AppError("overloaded", "server is at capacity; retry shortly", { retryAfterSeconds: 1 }));
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = () => leave(new AppError("client_closed", "client closed the request"));
      const timer = setTimeout(
        () => leave(new AppError("queue_timeout", `request waited more than ${this.options.timeoutMs} ms in the queue`, { retryAfterSeconds: 1 })),
        this.options.timeoutMs,
      );
      const waiter: Waiter = {
        grant: resolve,
        fail: reject,
        cleanup: () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
        },
      };
      const leave = (error: AppError) => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        waiter.cleanup();
        reject(error);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  #releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) {
        next.cleanup();
        next.grant(this.#releaser()); // the permit passes straight on: running stays the same
      } else {
        this.#running--;
      }
    };
  }
}
