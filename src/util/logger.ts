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
  return pino({ level, base: undefined }, pino.destination({ dest: 2, sync: false }));
}

/** A logger that drops everything; for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
