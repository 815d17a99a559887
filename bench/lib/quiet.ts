import { waitForQuiet } from "./cpu.js";

/** Other processes' share of the machine below which a measurement may start. */
export const QUIET_THRESHOLD = 0.1;
/** Other processes' share during a measurement above which it is taken again (once). */
export const REMEASURE_THRESHOLD = 0.2;

export interface QuietWait {
  before: string;
  waitedMs: number;
  otherCpu: number | undefined;
}

/**
 * The quiet gate, shared by every group of one run: before each measurement it waits (up to 15 s,
 * and at most `allowanceS` over the whole run) until processes other than the benchmark's own use
 * less than 10 % of the machine. `pids` are the benchmark's processes at the time of the call
 * (runner, servers, ceiling): they change from group to group.
 */
export class QuietGate {
  #leftMs: number;
  readonly waits: QuietWait[] = [];

  constructor(allowanceS: number, private readonly log: (line: string) => void) {
    this.#leftMs = allowanceS * 1000;
  }

  /** True while some waiting allowance is left (also the condition for measuring again). */
  get hasAllowance(): boolean {
    return this.#leftMs > 0;
  }

  async wait(before: string, pids: number[]): Promise<void> {
    if (this.#leftMs <= 0) return;
    const { waitedMs, share } = await waitForQuiet(pids, { threshold: QUIET_THRESHOLD, windowMs: 300, maxWaitMs: Math.min(15_000, this.#leftMs) });
    if (waitedMs < 400) return;
    this.#leftMs -= waitedMs;
    this.waits.push({ before, waitedMs, otherCpu: share });
    this.log(`waited ${(waitedMs / 1000).toFixed(1)} s for other processes to go quiet before ${before} (other CPU now ${share === undefined ? "?" : (share * 100).toFixed(0)} %)`);
  }

  /**
   * Gate, measure; when other processes took more than 20 % of the machine meanwhile and the
   * allowance lasts, gate and measure once more and keep the less disturbed of the two.
   */
  async measure<T extends { foreignCpu?: number }>(label: string, pids: number[], run: () => Promise<T>): Promise<{ result: T; remeasured: boolean }> {
    await this.wait(label, pids);
    let result = await run();
    if ((result.foreignCpu ?? 0) > REMEASURE_THRESHOLD && this.hasAllowance) {
      this.log(`${label}: other processes used ${((result.foreignCpu ?? 0) * 100).toFixed(0)} % of the machine; measuring again`);
      await this.wait(label, pids);
      const again = await run();
      if ((again.foreignCpu ?? 0) <= (result.foreignCpu ?? 0)) result = again;
      return { result, remeasured: true };
    }
    return { result, remeasured: false };
  }
}
