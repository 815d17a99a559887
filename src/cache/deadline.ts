/** A Redis call that did not answer within its deadline. */
export class DeadlineError extends Error {
  constructor(what: string, ms: number, detail = "") {
    super(`redis ${what} exceeded its ${ms} ms deadline${detail}`);
    this.name = "DeadlineError";
  }
}

/** Settles like `promise`, or rejects with a DeadlineError after `ms`; `promise` is left to finish alone. */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  promise.catch(() => {}); // a late rejection after the deadline is expected, not unhandled
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, ms)), ms);
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
