import cliProgress from "cli-progress";
import type { Logger } from "./logger.js";

/** Reports progress of one long task (a download, a model conversion). */
export interface Progress {
  /** Moves the position to `done` units out of the total. */
  update(done: number): void;
  /** Marks the task finished and releases the terminal. */
  finish(): void;
}

/** How to show a task's progress. */
export interface ProgressOptions {
  /** What is happening, e.g. "download model.safetensors". Never contains user text. */
  label: string;
  /** Total units (bytes, rows); 0 when unknown. */
  total: number;
  /** Unit name shown in log lines, e.g. "bytes". */
  unit?: string;
  logger?: Logger;
  /** Draw a bar (default: when stderr is a terminal). Otherwise a log line every 10%. */
  bar?: boolean;
}

/**
 * Starts progress reporting: a live bar on a terminal, and otherwise a readable log line
 * at each tenth of the way, so operators watching container logs see long work move.
 */
export function startProgress(options: ProgressOptions): Progress {
  const useBar = options.bar ?? Boolean(process.stderr.isTTY);
  const unit = options.unit ?? "units";
  if (useBar) {
    const bar = new cliProgress.SingleBar(
      { format: `${options.label} [{bar}] {percentage}% | {value}/{total} ${unit} | eta {eta}s`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(options.total, 1), 0);
    return { update: (done) => bar.update(done), finish: () => bar.stop() };
  }
  let nextTenth = 1;
  const started = Date.now();
  options.logger?.info({ task: options.label, total: options.total, unit }, "started");
  return {
    update(done) {
      if (options.total <= 0) return;
      const tenth = Math.floor((done / options.total) * 10);
      if (tenth >= nextTenth && tenth < 10) {
        nextTenth = tenth + 1;
        options.logger?.info({ task: options.label, done, total: options.total, unit, percent: tenth * 10 }, "progress");
      }
    },
    finish() {
      options.logger?.info({ task: options.label, total: options.total, unit, ms: Date.now() - started }, "finished");
    },
  };
}
