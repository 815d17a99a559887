/** Benchmark options, from argv (`npm run bench -- --quick`) or the environment. */
export interface BenchOptions {
  quick: boolean;
  /** Seconds per scenario and concurrency. */
  durationS: number;
  connections: number[];
  /** Groups to run (see GROUPS); all when empty. */
  only: string[];
  /** Texts in the bulk comparison. */
  bulkTexts: number;
  /** Hard limit for the whole run; past it the children are stopped and the run fails. */
  budgetS: number;
  /** Most seconds, over the whole run, spent waiting for other processes to go quiet (0: never wait). */
  quietWaitS: number;
}

/** Every group `--only` accepts, in the order a run takes them. */
export const GROUPS = ["ceiling", "hit", "miss", "duplicate", "bulk", "index", "rerank", "overhead", "memory"] as const;

export const USAGE = `usage: npm run bench -- [--quick] [--duration=S] [--connections=1,10,50] [--only=GROUP,…]
  --quick           3 s per scenario instead of 10 (env BENCH_QUICK=1)
  --duration=S      seconds per scenario and concurrency (env BENCH_DURATION)
  --connections=L   concurrencies of the scenario groups (env BENCH_CONNECTIONS; default 1,10,50); overhead
                    always runs at 10 and 50
  --only=L          groups to run (env BENCH_ONLY; default all): ceiling, hit, miss, duplicate, bulk (ratios
                    "of ceiling" need the ceiling group), index (10,000 texts: one request, singles, batches
                    of 100), rerank (/v1/rerank, 3 and 100 documents), overhead (hits with auth + request
                    logging off and on: two servers), memory (bench/memory.ts: RSS as models load and unload)
  --quiet-wait=S    wait up to S seconds in all (env BENCH_QUIET_WAIT; default 90 quick, 180 full) for other
                    processes to stop using the CPU before each measurement; 0 never waits
  --budget=S        abort the whole run after S seconds (env BENCH_BUDGET; default 3× the estimate + 120)`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}\n${USAGE}`);
    flags.set(match[1], match[2] ?? "true");
  }
  for (const name of flags.keys()) {
    if (!["quick", "duration", "connections", "only", "budget", "quiet-wait"].includes(name)) throw new Error(`unknown option --${name}\n${USAGE}`);
  }
  const quick = flags.has("quick") || env.BENCH_QUICK === "1" || env.BENCH_QUICK === "true";
  const durationS = positive(flags.get("duration") ?? env.BENCH_DURATION ?? (quick ? "3" : "10"), "duration");
  const list = (value: string | undefined) => (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const connections = list(flags.get("connections") ?? env.BENCH_CONNECTIONS ?? "1,10,50").map((c) => positive(c, "connections"));
  const only = list(flags.get("only") ?? env.BENCH_ONLY);
  for (const group of only) {
    if (!(GROUPS as readonly string[]).includes(group)) throw new Error(`unknown group "${group}" in --only; groups: ${GROUPS.join(", ")}`);
  }
  const budget = flags.get("budget") ?? env.BENCH_BUDGET;
  const quietWait = flags.get("quiet-wait") ?? env.BENCH_QUIET_WAIT ?? (quick ? "90" : "180");
  const quietWaitS = quietWait === "0" ? 0 : positive(quietWait, "quiet-wait");
  return { quick, durationS, connections, only, bulkTexts: 1000, budgetS: budget ? positive(budget, "budget") : 0, quietWaitS };
}

function positive(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`--${name} must be a positive number, got "${value}"`);
  return number;
}
