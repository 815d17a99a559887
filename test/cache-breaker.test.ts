import { describe, expect, it } from "vitest";
import { CircuitBreaker, type BreakerState } from "../src/cache/breaker.js";

function makeBreaker(failureThreshold = 3, cooldownMs = 1000) {
  let now = 0;
  const changes: Array<[BreakerState, BreakerState]> = [];
  const breaker = new CircuitBreaker({ failureThreshold, cooldownMs, now: () => now, onChange: (from, to) => changes.push([from, to]) });
  return { breaker, changes, advance: (ms: number) => (now += ms) };
}

describe("circuit breaker", () => {
  it("opens after N consecutive failures; a success in between resets the count", () => {
    const { breaker, changes } = makeBreaker(3);
    breaker.failure(breaker.acquire());
    breaker.failure(breaker.acquire());
    breaker.success(breaker.acquire());
    breaker.failure(breaker.acquire());
    breaker.failure(breaker.acquire());
    expect(breaker.state).toBe("closed");
    breaker.failure(breaker.acquire());
    expect(breaker.state).toBe("open");
    expect(changes).toEqual([["closed", "open"]]);
  });

  it("refuses calls while open, lets exactly one probe through after the cooldown", () => {
    const { breaker, advance } = makeBreaker(1, 1000);
    breaker.failure(breaker.acquire());
    expect(breaker.refusing).toBe(true);
    expect(breaker.acquire()).toBeUndefined();
    advance(999);
    expect(breaker.acquire()).toBeUndefined();
    advance(1);
    expect(breaker.refusing).toBe(false); // asking does not start the probe
    expect(breaker.state).toBe("open");
    expect(breaker.acquire()).toBe("probe");
    expect(breaker.state).toBe("half-open");
    expect(breaker.refusing).toBe(true);
    expect(breaker.acquire()).toBeUndefined(); // one probe at a time
  });

  it("closes on probe success and re-opens (for a full cooldown) on probe failure", () => {
    const { breaker, changes, advance } = makeBreaker(2, 100);
    breaker.failure(breaker.acquire());
    breaker.failure(breaker.acquire());
    advance(100);
    breaker.failure(breaker.acquire());
    expect(breaker.state).toBe("open");
    advance(99);
    expect(breaker.acquire()).toBeUndefined();
    advance(1);
    breaker.success(breaker.acquire());
    expect(breaker.state).toBe("closed");
    expect(changes).toEqual([
      ["closed", "open"],
      ["open", "half-open"],
      ["half-open", "open"],
      ["open", "half-open"],
      ["half-open", "closed"],
    ]);
    // after closing, the count starts over
    breaker.failure(breaker.acquire());
    expect(breaker.state).toBe("closed");
  });

  it("ignores late outcomes of calls granted before it opened", () => {
    const { breaker, advance } = makeBreaker(1, 100);
    const early = breaker.acquire();
    breaker.failure(breaker.acquire());
    breaker.success(early); // a slow call that finished after the breaker opened
    expect(breaker.state).toBe("open");
    advance(100);
    const probe = breaker.acquire();
    breaker.failure(early);
    breaker.success(early);
    expect(breaker.state).toBe("half-open");
    breaker.success(probe);
    expect(breaker.state).toBe("closed");
  });
});
