/**
 * Calls `onIdle` once nothing has called {@linkcode IdleTimer.touch} for
 * `ms` milliseconds (between `ms` and `2·ms`): how the threaded backends
 * stop an idle worker, so that a finished program can exit. A touch only
 * records the time, and at most one timer is pending, so an op that
 * touches it costs no timer of its own.
 *
 * @example
 * ```ts
 * import { IdleTimer } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * let stopped = false;
 * const timer = new IdleTimer(10, () => (stopped = true));
 * timer.touch();
 * await new Promise((resolve) => setTimeout(resolve, 40));
 * assert.equal(stopped, true);
 * ```
 */
export class IdleTimer {
  readonly #ms: number;
  readonly #onIdle: () => void;
  #last = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Prepares the timer; nothing is pending before the first touch.
   *
   * @param ms How long counts as idle, in milliseconds.
   * @param onIdle Called once when that long has passed since the last touch.
   */
  constructor(ms: number, onIdle: () => void) {
    this.#ms = ms;
    this.#onIdle = onIdle;
  }

  /** Notes activity now, and arms the timer if none is pending. */
  touch(): void {
    this.#last = performance.now();
    this.#timer ??= setTimeout(() => this.#check(), this.#ms);
  }

  /** Disarms the timer. */
  cancel(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #check(): void {
    this.#timer = undefined;
    const idle = performance.now() - this.#last;
    if (idle >= this.#ms) this.#onIdle();
    else this.#timer = setTimeout(() => this.#check(), this.#ms - idle);
  }
}
