let blockingAllowed: boolean | undefined;

/**
 * Whether this thread may block in `Atomics.wait`: everywhere but a
 * browser's main thread, where it throws.
 */
function mayBlock(): boolean {
  if (blockingAllowed === undefined) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      blockingAllowed = true;
    } catch {
      blockingAllowed = false;
    }
  }
  return blockingAllowed;
}

/**
 * `Atomics.wait(array, index, value, timeoutMs)` where this thread may
 * block; where it may not (a browser's main thread), the same wait by
 * reading the word until it changes or the time is up.
 *
 * @param array Shared Int32 words.
 * @param index The word to watch.
 * @param value Wait while the word holds this.
 * @param timeoutMs The longest wait, in milliseconds.
 * @param spin For tests: spin even where blocking is allowed.
 * @returns As `Atomics.wait`: `"ok"` once woken (or seen changed by the
 * spin), `"not-equal"` if the word did not hold `value`, or `"timed-out"`.
 *
 * @example
 * ```ts
 * import { waitForChange } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const words = new Int32Array(new SharedArrayBuffer(4));
 * assert.equal(waitForChange(words, 0, 1, 10), "not-equal");
 * assert.equal(waitForChange(words, 0, 0, 10), "timed-out");
 * ```
 */
export function waitForChange(
  array: Int32Array<SharedArrayBuffer>,
  index: number,
  value: number,
  timeoutMs: number,
  spin = false,
): "ok" | "not-equal" | "timed-out" {
  if (!spin && mayBlock()) return Atomics.wait(array, index, value, timeoutMs);
  if (Atomics.load(array, index) !== value) return "not-equal";
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) if (Atomics.load(array, index) !== value) return "ok";
  }
  return "timed-out";
}
