/**
 * Identical in-flight work, computed once. The first caller for a key owns the computation;
 * later callers join it and get the same value or the same error. Entries leave when settled,
 * so failures are never remembered.
 */
export class Coalescer<T> {
  readonly #inFlight = new Map<string, Promise<T>>();
  #joined = 0;

  /** Requests that joined someone else's computation instead of starting their own. */
  get joinedCount(): number {
    return this.#joined;
  }

  /** Keys being computed now. */
  get size(): number {
    return this.#inFlight.size;
  }

  /** The pending computation for a key, counting the caller as a joiner. */
  join(key: string): Promise<T> | undefined {
    const pending = this.#inFlight.get(key);
    if (pending) this.#joined++;
    return pending;
  }

  /** Registers the owner's computation for a key until it settles. */
  own(key: string, work: Promise<T>): void {
    this.#inFlight.set(key, work);
    const forget = () => {
      if (this.#inFlight.get(key) === work) this.#inFlight.delete(key);
    };
    work.then(forget, forget);
  }
}
