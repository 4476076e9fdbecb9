// The second core: a worker thread that runs kernels over the backend's
// shared memory. Jobs go through shared control words (see _protocol.ts),
// not messages: a posted message takes about 80 µs to be picked up, which
// is as long as some of the halves it would carry.
import { canStartWorker, IdleTimer, waitForChange } from "@simple-mnist/cpu";
import type { KernelName } from "./kernels.ts";
import { MAX_ARGUMENTS, Slot, SLOTS, SPINS, type WorkerInit } from "./_protocol.ts";

/** How long the worker may stay idle before it is stopped (so a finished program can exit). */
const IDLE_MS = 1000;

/** How long a new worker may take to start before the backend gives up on it. */
const START_MS = 10_000;

/** The worker module. */
const WORKER_URL = new URL("./kernel_worker.ts", import.meta.url);

/** One worker thread running one kernel job at a time. */
export class KernelThread {
  readonly #module: WebAssembly.Module;
  readonly #memory: WebAssembly.Memory;
  readonly #kernels: KernelName[];
  // Each worker gets its own control words, so that one being stopped can
  // never see the next one's jobs.
  #control = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
  #args = new Float64Array(new SharedArrayBuffer(8 * MAX_ARGUMENTS));
  #worker: Worker | undefined;
  readonly #idle = new IdleTimer(IDLE_MS, () => this.close());
  #posted = 0;
  #startedAt = 0;
  #usable: boolean | undefined;

  readonly #url: URL;
  readonly #startMs: number;

  /**
   * Prepares the thread; the worker starts with the first job.
   *
   * @param module The kernels' module.
   * @param memory The shared memory they work on.
   * @param kernels The kernels a job may name.
   * @param worker For tests: another worker module, and how long it may take to start.
   */
  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    kernels: KernelName[],
    worker: { url?: URL; startMs?: number } = {},
  ) {
    this.#module = module;
    this.#memory = memory;
    this.#kernels = kernels;
    this.#url = worker.url ?? WORKER_URL;
    this.#startMs = worker.startMs ?? START_MS;
  }

  /** Hands `kernel(...args)` to the worker, starting it if needed; then call {@linkcode wait} or {@linkcode finish}. */
  start(kernel: KernelName, args: readonly number[]): void {
    this.#post(kernel, args, undefined);
  }

  /**
   * Hands the worker `kernel` over the range [0, end) in chunks of `size`,
   * which it and this thread claim in turn ({@linkcode claim}), so that a
   * thread slowed by other programs does fewer chunks instead of holding
   * the other up. `args` are the worker's arguments; `from` and `to` are
   * the positions of a chunk's bounds in them. Then call
   * {@linkcode finish}.
   */
  share(
    kernel: KernelName,
    args: readonly number[],
    chunks: { end: number; size: number; from: number; to: number },
  ): void {
    this.#post(kernel, args, chunks);
  }

  /** The start of this thread's next chunk of the shared job (past the range's end when none is left). */
  claim(): number {
    const control = this.#control;
    return control[Slot.ChunkSize] * Atomics.add(control, Slot.NextChunk, 1);
  }

  /**
   * Ends the posted job: takes it back if the worker has not started it
   * yet (returns false: the caller does, or did, all of it), else waits for
   * the worker to finish it (returns {@linkcode wait}'s answer).
   *
   * @throws {Error} As {@linkcode wait}.
   */
  finish(): boolean {
    const posted = this.#posted;
    if (Atomics.compareExchange(this.#control, Slot.Taken, posted - 1, posted) === posted - 1) {
      this.#idle.touch();
      return false;
    }
    return this.wait();
  }

  #post(
    kernel: KernelName,
    args: readonly number[],
    chunks: { end: number; size: number; from: number; to: number } | undefined,
  ): void {
    if (args.length > MAX_ARGUMENTS) {
      throw new RangeError(
        `Cannot start ${kernel}: ${args.length} arguments, at most ${MAX_ARGUMENTS}`,
      );
    }
    if (this.#worker === undefined) {
      this.#posted = 0;
      this.#control = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
      this.#args = new Float64Array(new SharedArrayBuffer(8 * MAX_ARGUMENTS));
      this.#startedAt = performance.now();
      this.#worker = new Worker(this.#url.href, { type: "module" });
      // A worker that fails to load is given up on in wait(); say why here.
      this.#worker.onerror = (event) => {
        event.preventDefault();
        console.warn(`warning: the worker thread failed: ${event.message}`);
      };
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
    control[Slot.Shared] = chunks === undefined ? 0 : 1;
    if (chunks !== undefined) {
      control[Slot.NextChunk] = 0;
      control[Slot.RangeEnd] = chunks.end;
      control[Slot.ChunkSize] = chunks.size;
      control[Slot.FromArgument] = chunks.from;
      control[Slot.ToArgument] = chunks.to;
    }
    // The store publishes every word above to the worker, which reads them after it.
    Atomics.store(control, Slot.Posted, ++this.#posted);
    Atomics.notify(control, Slot.Posted);
  }

  /**
   * Whether the worker can be used: a worker can start here (see
   * `canStartWorker` in `@simple-mnist/cpu`), and none has failed to.
   */
  get available(): boolean {
    return this.#usable ??= canStartWorker(this.#url);
  }

  /**
   * Blocks until the worker has finished the job.
   *
   * @returns true, or false when a new worker did not start in time (ten
   * seconds): then the job is not done, the thread is no longer
   * {@linkcode available}, and the caller must do the job itself.
   * @throws {Error} If the kernel failed or a started worker did not answer within two minutes.
   */
  wait(): boolean {
    const control = this.#control;
    const posted = this.#posted;
    let finished = Atomics.load(control, Slot.Finished);
    for (let spin = 0; finished !== posted && spin < SPINS; spin++) {
      finished = Atomics.load(control, Slot.Finished);
    }
    while (finished !== posted) {
      // Until the worker is up, wake every 100 ms to see whether it ever will be.
      const ready = Atomics.load(control, Slot.Ready) === 1;
      const result = waitForChange(control, Slot.Finished, finished, ready ? 120_000 : 100);
      finished = Atomics.load(control, Slot.Finished);
      if (finished === posted || result !== "timed-out") continue;
      if (ready) {
        this.close();
        throw new Error("Cannot finish the job: the worker thread did not answer");
      }
      const revoked = performance.now() - this.#startedAt > this.#startMs &&
        Atomics.compareExchange(control, Slot.Taken, posted - 1, -1) === posted - 1;
      if (revoked) {
        this.close();
        this.#usable = false;
        console.warn(
          `warning: no worker thread, running on one thread: it did not start within ${
            this.#startMs / 1000
          } s`,
        );
        return false;
      }
    }
    if (Atomics.load(control, Slot.Status) !== 1) {
      this.close();
      throw new Error("Cannot finish the job: the worker thread failed");
    }
    this.#idle.touch();
    return true;
  }

  /** Stops the worker (a later job starts a new one). */
  close(): void {
    this.#idle.cancel();
    if (this.#worker === undefined) return;
    Atomics.store(this.#control, Slot.Posted, -1);
    Atomics.notify(this.#control, Slot.Posted);
    this.#worker.terminate();
    this.#worker = undefined;
  }
}
