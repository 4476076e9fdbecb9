// One worker thread that takes half of a large product. The main thread
// posts the job, computes its own half, then blocks (Atomics.wait) until
// the worker flags completion: ops stay synchronous, as the interface wants.
import type { Columns, Strided } from "./_kernels.ts";

/** A half-product for the worker; every array lives in shared memory. */
export type Job =
  & { n: number; B: Columns; j0: number; j1: number }
  & (
    | { kind: "denseTimesSparse"; At: Float64Array; out: Strided; alpha: number }
    | { kind: "denseTimesSparseTransposed"; A: Strided; outT: Float64Array }
  );

/** What the worker receives: the job and the flag it raises when done. */
export interface JobMessage {
  job: Job;
  done: SharedArrayBuffer;
}

/** Let the worker go after this long without work, so a forgotten pool does not hold the process. */
const IDLE_MS = 1000;
const TIMEOUT_MS = 120_000;

export class WorkerPool {
  #worker: Worker | undefined;
  #idle: ReturnType<typeof setTimeout> | undefined;
  readonly #done = new SharedArrayBuffer(4);

  /** Starts `job` on the worker; call {@linkcode WorkerPool.wait} after doing the other half. */
  start(job: Job): void {
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    this.#worker ??= new Worker(new URL("./_worker.ts", import.meta.url).href, {
      type: "module",
    });
    Atomics.store(new Int32Array(this.#done), 0, 0);
    const message: JobMessage = { job, done: this.#done };
    this.#worker.postMessage(message);
  }

  /** Blocks until the worker's half is done. */
  wait(): void {
    const done = new Int32Array(this.#done);
    const result = Atomics.wait(done, 0, 0, TIMEOUT_MS);
    const status = Atomics.load(done, 0);
    this.#idle = setTimeout(() => this.close(), IDLE_MS);
    if (result === "timed-out" || status !== 1) {
      this.close();
      throw new Error(
        `Cannot finish the product: the worker thread ${
          result === "timed-out" ? "did not answer" : "failed"
        }`,
      );
    }
  }

  /** Stops the worker (a later job starts a new one). */
  close(): void {
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    this.#idle = undefined;
    this.#worker?.terminate();
    this.#worker = undefined;
  }
}
