// The second core: a worker thread that runs kernels over the backend's
// shared memory. Jobs go through shared control words (see _protocol.ts),
// not messages: a posted message takes about 80 µs to be picked up, which
// is as long as some of the halves it would carry.
import type { KernelName } from "./_module.ts";
import { MAX_ARGUMENTS, Slot, SPINS, type WorkerInit } from "./_protocol.ts";

/** How long the worker may stay idle before it is stopped (so a finished program can exit). */
const IDLE_MS = 1000;

/** One worker thread running one kernel job at a time. */
export class KernelThread {
  readonly #module: WebAssembly.Module;
  readonly #memory: WebAssembly.Memory;
  readonly #kernels: KernelName[];
  // Each worker gets its own control words, so that one being stopped can
  // never see the next one's jobs.
  #control = new Int32Array(new SharedArrayBuffer(4 * 5));
  #args = new Float64Array(new SharedArrayBuffer(8 * MAX_ARGUMENTS));
  #worker: Worker | undefined;
  #idle: ReturnType<typeof setTimeout> | undefined;
  #posted = 0;

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, kernels: KernelName[]) {
    this.#module = module;
    this.#memory = memory;
    this.#kernels = kernels;
  }

  /** Hands `kernel(...args)` to the worker, starting it if needed; then call {@linkcode wait}. */
  start(kernel: KernelName, args: readonly number[]): void {
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    if (args.length > MAX_ARGUMENTS) {
      throw new RangeError(
        `Cannot start ${kernel}: ${args.length} arguments, at most ${MAX_ARGUMENTS}`,
      );
    }
    if (this.#worker === undefined) {
      this.#posted = 0;
      this.#control = new Int32Array(new SharedArrayBuffer(4 * 5));
      this.#args = new Float64Array(new SharedArrayBuffer(8 * MAX_ARGUMENTS));
      this.#worker = new Worker(new URL("./_worker.ts", import.meta.url).href, { type: "module" });
      const init: WorkerInit = {
        module: this.#module,
        memory: this.#memory,
        kernels: this.#kernels,
        control: this.#control.buffer,
        args: this.#args.buffer,
      };
      this.#worker.postMessage(init);
    }
    const control = this.#control;
    this.#args.set(args);
    control[Slot.Kernel] = this.#kernels.indexOf(kernel);
    control[Slot.Arguments] = args.length;
    Atomics.store(control, Slot.Posted, ++this.#posted);
    Atomics.notify(control, Slot.Posted);
  }

  /**
   * Blocks until the worker has finished the job.
   *
   * @throws {Error} If the kernel failed or the worker did not answer within two minutes.
   */
  wait(): void {
    const control = this.#control;
    const posted = this.#posted;
    let finished = Atomics.load(control, Slot.Finished);
    for (let spin = 0; finished !== posted && spin < SPINS; spin++) {
      finished = Atomics.load(control, Slot.Finished);
    }
    while (finished !== posted) {
      if (Atomics.wait(control, Slot.Finished, finished, 120_000) === "timed-out") {
        this.close();
        throw new Error("Cannot finish the job: the worker thread did not answer");
      }
      finished = Atomics.load(control, Slot.Finished);
    }
    if (Atomics.load(control, Slot.Status) !== 1) {
      this.close();
      throw new Error("Cannot finish the job: the worker thread failed");
    }
    this.#idle = setTimeout(() => this.close(), IDLE_MS);
  }

  /** Stops the worker (a later job starts a new one). */
  close(): void {
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    this.#idle = undefined;
    if (this.#worker === undefined) return;
    Atomics.store(this.#control, Slot.Posted, -1);
    Atomics.notify(this.#control, Slot.Posted);
    this.#worker.terminate();
    this.#worker = undefined;
  }
}
