import { pino, type Logger } from "pino";

export type { Logger };

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  level?: string;
  /** Pretty, human-readable lines (default: when stderr is a terminal). */
  pretty?: boolean;
}

/**
 * Builds the process logger: JSON lines on stderr, pretty-printed on a terminal.
 * Callers must never pass prompt text or API keys to it (see DESIGN.md).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
  const level = options.level ?? "info";
  if (pretty) {
    return pino({
      level,
      transport: { target: "pino-pretty", options: { destination: 2, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" } },
    });
  }
  // Batch lines into 4 KiB writes (flushed at least every 250 ms): one write per request line
  // would cost a syscall on the hot path of every cache hit.
  const destination = pino.destination({ dest: 2, sync: false, minLength: 4096, periodicFlush: 250 });
  const logger = pino({ level, base: undefined }, destination);
  process.once("exit", () => {
    try {
      destination.flushSync();
    } catch {
      // not open yet: nothing was buffered
    }
  });
  return logger;
}

/** A logger that drops everything; for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
