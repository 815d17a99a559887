import { expect } from "vitest";
import type { RawResponse } from "./raw-http.js";
import type { TestServer } from "./server.js";

/** Sleeps `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A raw response with its content type lifted out, for the dialect error checks. */
export const fromRaw = (res: RawResponse) => ({ ...res, contentType: res.headers["content-type"] });

/** Waits (bounded) until the admission queue is empty and no computation is shared. */
export async function settled(server: TestServer): Promise<void> {
  const { admission, engine } = server.services;
  for (let i = 0; i < 300 && (admission.running > 0 || admission.queued > 0 || engine.coalescer.size > 0); i++) await sleep(10);
}

/** Nothing was added to Object.prototype or Array.prototype by a request. */
const PROTO_NAMES = { object: Object.getOwnPropertyNames(Object.prototype).sort(), array: Object.getOwnPropertyNames(Array.prototype).sort() };
export function expectPrototypesClean(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_NAMES.object);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(PROTO_NAMES.array);
}
