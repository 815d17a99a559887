/**
 * Scaling advice from recent traffic: a pure function of two signals, so it is unit-tested at
 * every threshold.
 *
 * "Concurrent users" means the most HTTP requests that were in flight at once (being served by
 * this process, queued or running) over the recent window: each request notes how many were in
 * flight when it started, itself included, and the window keeps the largest of those numbers over
 * its last N requests. It is a count of simultaneous requests, not of distinct clients.
 */

/** Where a deployment stands: 1 one instance is fine, 2 scale this instance up, 3 scale out. */
export type ScalingPhase = 1 | 2 | 3;

/** The thresholds; a signal strictly above a phase's value moves the advice to that phase. */
export const SCALING_THRESHOLDS = {
  phase2: { concurrent: 10, averageLatencyMs: 100 },
  phase3: { concurrent: 50, averageLatencyMs: 200 },
} as const;

/** What the advice is computed from. */
export interface ScalingSignals {
  /** Most in-flight HTTP requests over the window ("concurrent users"). */
  maxConcurrent: number;
  /** Mean latency over the window, in ms. */
  averageLatencyMs: number;
  /** MAX_CONCURRENT_REQUESTS, named in the phase 2 advice when known. */
  maxConcurrentRequests?: number;
  /** Whether Redis (the shared L2 cache) is configured. */
  redisEnabled?: boolean;
}

/** The advice and the signals that triggered it (empty in phase 1). */
export interface ScalingAdvice {
  phase: ScalingPhase;
  advice: string;
  reasons: string[];
}

const ms = (value: number) => `${Math.round(value * 10) / 10} ms`;

/** Phase 1 unless a signal passes a threshold; each signal gives one reason, at the highest threshold it passed. */
export function scalingAdvice(signals: ScalingSignals): ScalingAdvice {
  const { phase2, phase3 } = SCALING_THRESHOLDS;
  const reasons: string[] = [];
  let phase: ScalingPhase = 1;

  const concurrentLevel = signals.maxConcurrent > phase3.concurrent ? 3 : signals.maxConcurrent > phase2.concurrent ? 2 : 1;
  if (concurrentLevel > 1) {
    const limit = concurrentLevel === 3 ? phase3.concurrent : phase2.concurrent;
    reasons.push(`${signals.maxConcurrent} concurrent requests (most in flight over the window) > ${limit}`);
  }
  const latencyLevel = signals.averageLatencyMs > phase3.averageLatencyMs ? 3 : signals.averageLatencyMs > phase2.averageLatencyMs ? 2 : 1;
  if (latencyLevel > 1) {
    const limit = latencyLevel === 3 ? phase3.averageLatencyMs : phase2.averageLatencyMs;
    reasons.push(`average latency ${ms(signals.averageLatencyMs)} > ${limit} ms`);
  }
  phase = Math.max(concurrentLevel, latencyLevel) as ScalingPhase;
  return { phase, advice: adviceText(phase, signals), reasons };
}

function adviceText(phase: ScalingPhase, signals: ScalingSignals): string {
  if (phase === 1) {
    return `A single instance is fine (at most ${signals.maxConcurrent} concurrent requests, ${ms(signals.averageLatencyMs)} average latency).`;
  }
  const redis = signals.redisEnabled ? "keep Redis (REDIS_URL) shared by every process" : "set REDIS_URL so the cache is shared and survives restarts";
  if (phase === 2) {
    const limit = signals.maxConcurrentRequests === undefined ? "" : ` (now ${signals.maxConcurrentRequests})`;
    return `Scale this instance up: run more worker processes, ${redis}, and raise MAX_CONCURRENT_REQUESTS${limit} if CPU cores are free.`;
  }
  return `Scale out: run several replicas behind a load balancer, all sharing one Redis (REDIS_URL), so a text embedded by one replica is a cache hit for every other.`;
}
