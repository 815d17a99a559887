import { describe, expect, it } from "vitest";
import { AdmissionQueue } from "../src/engine/admission.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("AdmissionQueue", () => {
  it("admits up to maxConcurrent at once and hands permits on in FIFO order", async () => {
    const queue = new AdmissionQueue({ maxConcurrent: 2, maxQueued: 10, timeoutMs: 10_000 });
    const first = await queue.acquire();
    const second = await queue.acquire();
    const order: number[] = [];
    const waiting = [3, 4, 5].map((n) => queue.acquire().then((release) => { order.push(n); return release; }));
    await tick();
    expect(queue.running).toBe(2);
    expect(queue.queued).toBe(3);
    first();
    first(); // releasing twice must not free two slots
    const third = await waiting[0];
    expect(order).toEqual([3]);
    second();
    third();
    (await waiting[1])();
    (await waiting[2])();
    expect(order).toEqual([3, 4, 5]);
    expect(queue.running).toBe(0);
    expect(queue.queued).toBe(0);
  });

  it("sheds at once with a 503 overloaded error when the queue is full", async () => {
    const queue = new AdmissionQueue({ maxConcurrent: 1, maxQueued: 1, timeoutMs: 10_000 });
    const release = await queue.acquire();
    const queued = queue.acquire();
    await expect(queue.acquire()).rejects.toMatchObject({ code: "overloaded", status: 503, extra: { retryAfterSeconds: 1 } });
    release();
    (await queued)();
    expect(queue.running).toBe(0);
  });

  it("never sheds the later units of an admitted request", async () => {
    const queue = new AdmissionQueue({ maxConcurrent: 1, maxQueued: 0, timeoutMs: 10_000 });
    const release = await queue.acquire();
    await expect(queue.acquire()).rejects.toMatchObject({ code: "overloaded" });
    const later = queue.acquire(undefined, true);
    release();
    (await later)();
    expect(queue.running).toBe(0);
  });

  it("times out a waiter with a 503 and removes it from the queue", async () => {
    const queue = new AdmissionQueue({ maxConcurrent: 1, maxQueued: 5, timeoutMs: 30 });
    const release = await queue.acquire();
    await expect(queue.acquire()).rejects.toMatchObject({ code: "queue_timeout", status: 503 });
    expect(queue.queued).toBe(0);
    release();
    expect(queue.running).toBe(0);
  });

  it("removes a waiter whose client aborts, and never grants it a permit", async () => {
    const queue = new AdmissionQueue({ maxConcurrent: 1, maxQueued: 5, timeoutMs: 10_000 });
    const release = await queue.acquire();
    const controller = new AbortController();
    const aborted = queue.acquire(controller.signal);
    const next = queue.acquire();
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: "client_closed" });
    expect(queue.queued).toBe(1);
    release();
    (await next)();
    expect(queue.running).toBe(0);
    await expect(queue.acquire(controller.signal)).rejects.toMatchObject({ code: "client_closed" });
  });

  it("returns every permit after thousands of mixed grants, aborts and timeouts", async () => {
    const queue = new AdmissionQueue({ maxConcurrent: 3, maxQueued: 50, timeoutMs: 5 });
    const outcomes = { ok: 0, shed: 0, aborted: 0, timedOut: 0, failed: 0 };
    const jobs = Array.from({ length: 3000 }, async (_, i) => {
      const controller = new AbortController();
      if (i % 7 === 0) setTimeout(() => controller.abort(), i % 3);
      let release;
      try {
        release = await queue.acquire(controller.signal);
      } catch (error: any) {
        if (error.code === "overloaded") outcomes.shed++;
        else if (error.code === "client_closed") outcomes.aborted++;
        else outcomes.timedOut++;
        return;
      }
      try {
        await new Promise((resolve) => setTimeout(resolve, i % 2));
        if (i % 11 === 0) throw new Error("work failed");
        outcomes.ok++;
      } catch {
        outcomes.failed++;
      } finally {
        release();
      }
    });
    await Promise.all(jobs);
    expect(outcomes.ok + outcomes.shed + outcomes.aborted + outcomes.timedOut + outcomes.failed).toBe(3000);
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.shed).toBeGreaterThan(0);
    expect(queue.running).toBe(0);
    expect(queue.queued).toBe(0);
  });
});
