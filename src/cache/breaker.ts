/** Circuit breaker states, as {@link CacheStats.l2State} reports them (besides "disabled"). */
export type BreakerState = "closed" | "open" | "half-open";

/** What {@link CircuitBreaker.acquire} grants: a normal call, the single half-open probe, or nothing. */
export type BreakerTicket = "call" | "probe" | undefined;

export interface BreakerOptions {
  /** Consecutive failures (errors or deadline misses) that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before one probe is let through. */
  cooldownMs: number;
  /** Called once per state change, with the cause of the change (never a key or a text). */
  onChange?: (from: BreakerState, to: BreakerState, detail: { failures: number; reason?: string }) => void;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * closed --(failureThreshold consecutive failures)--> open --(cooldownMs elapsed, next call)-->
 * half-open: that one call is the probe, every other call is refused until it reports;
 * probe success --> closed, probe failure --> open (for another cooldown).
 *
 * Callers report each granted call's outcome with the ticket they got. Outcomes of calls granted
 * before the breaker opened are ignored while it is open or half-open: only the probe decides.
 */
export class CircuitBreaker {
  #state: BreakerState = "closed";
  #failures = 0;
  #openedAt = 0;
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #onChange: BreakerOptions["onChange"];
  readonly #now: () => number;

  constructor(options: BreakerOptions) {
    this.#threshold = Math.max(1, Math.floor(options.failureThreshold));
    this.#cooldownMs = Math.max(0, options.cooldownMs);
    this.#onChange = options.onChange;
    this.#now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    return this.#state;
  }

  /** True when {@link acquire} would refuse; asking changes nothing. */
  get refusing(): boolean {
    if (this.#state === "half-open") return true;
    return this.#state === "open" && this.#now() - this.#openedAt < this.#cooldownMs;
  }

  /** Asks to call the dependency; undefined means skip it. */
  acquire(): BreakerTicket {
    if (this.#state === "closed") return "call";
    if (this.#state === "open" && this.#now() - this.#openedAt >= this.#cooldownMs) {
      this.#move("half-open", "cooldown elapsed, probing");
      return "probe";
    }
    return undefined;
  }

  success(ticket: BreakerTicket): void {
    if (ticket === "probe" && this.#state === "half-open") {
      this.#failures = 0;
      this.#move("closed", "probe succeeded");
    } else if (ticket === "call" && this.#state === "closed") {
      this.#failures = 0;
    }
  }

  failure(ticket: BreakerTicket, reason?: string): void {
    if (ticket === "probe" && this.#state === "half-open") {
      this.#open(reason);
    } else if (ticket === "call" && this.#state === "closed") {
      this.#failures++;
      if (this.#failures >= this.#threshold) this.#open(reason);
    }
  }

  #open(reason: string | undefined): void {
    this.#openedAt = this.#now();
    this.#move("open", reason);
  }

  #move(to: BreakerState, reason: string | undefined): void {
    const from = this.#state;
    this.#state = to;
    this.#onChange?.(from, to, { failures: this.#failures, reason });
  }
}
