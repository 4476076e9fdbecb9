// One worker thread over the same shared memory. The main thread posts a
// job, runs its own half, then blocks (Atomics.wait) until the worker is
// done: ops stay synchronous, as the backend interface wants.
import type { Kernels } from "./_module.ts";
import type { WorkerInit, WorkerJob } from "./_protocol.ts";

const IDLE_MS = 1000;
const TIMEOUT_MS = 120_000;

export class WorkerPool {
  readonly #init: WorkerInit;
  readonly #done = new SharedArrayBuffer(4);
  #worker: Worker | undefined;
  #idle: ReturnType<typeof setTimeout> | undefined;

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory) {
    this.#init = { module, memory };
  }

  /** Starts `kernel(...args)` on the worker. */
  start(kernel: keyof Kernels, args: number[]): void {
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    if (this.#worker === undefined) {
      this.#worker = new Worker(new URL("./_worker.ts", import.meta.url).href, { type: "module" });
      this.#worker.postMessage(this.#init);
    }
    Atomics.store(new Int32Array(this.#done), 0, 0);
    const job: WorkerJob = { kernel, args, done: this.#done };
    this.#worker.postMessage(job);
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
