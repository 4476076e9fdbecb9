import { canStartWorker } from "./can_start_worker.ts";
import { IdleTimer } from "./idle_timer.ts";
import { waitForChange } from "./wait_for_change.ts";

/**
 * A helper thread for CPU backends whose ops must stay synchronous: the
 * main thread posts a job, does its own share of the work, then blocks in
 * `Atomics.wait` (or spins, on a browser's main thread, where blocking is
 * not allowed) until the worker raises a flag in shared memory. Web
 * standards only (`Worker`, `SharedArrayBuffer`, `Atomics`).
 *
 * The worker module answers with {@linkcode serveJobs}. The worker starts
 * on the first job and stops after a second or so without work, or on
 * {@linkcode WorkerPool.close}.
 *
 * @typeParam Job The message a job carries (structured-cloneable; shared
 * buffers in it are shared, not copied).
 *
 * @example
 * ```ts ignore
 * // main thread
 * const pool = new WorkerPool<{ from: number; to: number }>(new URL("./worker.ts", import.meta.url));
 * pool.start({ from: 500, to: 1000 });
 * work(0, 500);
 * pool.wait();
 * pool.close();
 * // worker.ts
 * serveJobs<{ from: number; to: number }>((job) => work(job.from, job.to));
 * ```
 */
export class WorkerPool<Job> {
  readonly #url: URL;
  readonly #init: unknown;
  readonly #done = new SharedArrayBuffer(4);
  #worker: Worker | undefined;
  readonly #idle = new IdleTimer(1000, () => this.close());

  /**
   * Prepares a pool; no thread starts before the first job.
   *
   * @param url The worker module.
   * @param init A first message for each new worker (e.g. a WebAssembly module and memory).
   */
  constructor(url: URL, init?: unknown) {
    this.#url = url;
    this.#init = init;
  }

  #available: boolean | undefined;

  /**
   * Whether a worker can start here (see {@linkcode canStartWorker}):
   * when not, a backend does all of each job on its own thread.
   */
  get available(): boolean {
    return this.#available ??= canStartWorker(this.#url);
  }

  /** Posts `job` to the worker, starting it if needed; call {@linkcode WorkerPool.wait} after doing the other share. */
  start(job: Job): void {
    if (this.#worker === undefined) {
      this.#worker = new Worker(this.#url.href, { type: "module" });
      if (this.#init !== undefined) this.#worker.postMessage({ init: this.#init });
    }
    Atomics.store(new Int32Array(this.#done), 0, 0);
    this.#worker.postMessage({ job, done: this.#done });
  }

  /**
   * Blocks until the worker has finished its job.
   *
   * @throws {Error} If the worker failed or did not answer within two minutes.
   */
  wait(): void {
    const done = new Int32Array(this.#done);
    const result = waitForChange(done, 0, 0, 120_000);
    const status = Atomics.load(done, 0);
    this.#idle.touch();
    if (result === "timed-out" || status !== 1) {
      this.close();
      throw new Error(
        `Cannot finish the job: the worker thread ${
          result === "timed-out" ? "did not answer" : "failed"
        }`,
      );
    }
  }

  /** Stops the worker (a later job starts a new one). */
  close(): void {
    this.#idle.cancel();
    this.#worker?.terminate();
    this.#worker = undefined;
  }
}

/**
 * The worker's side of {@linkcode WorkerPool}: runs `run` for each job and
 * raises the completion flag (1 done, 2 failed) the main thread waits on.
 *
 * @param run Does one job.
 * @param init Receives the pool's first message, if it sends one.
 *
 * @example
 * ```ts ignore
 * serveJobs<{ from: number; to: number }>((job) => work(job.from, job.to));
 * ```
 */
export function serveJobs<Job, Init = never>(
  run: (job: Job) => void,
  init?: (init: Init) => void,
): void {
  const scope = globalThis as unknown as {
    onmessage: ((event: MessageEvent) => void) | null;
  };
  scope.onmessage = (event: MessageEvent) => {
    const message = event.data as { init: Init } | { job: Job; done: SharedArrayBuffer };
    if ("init" in message) {
      init?.(message.init);
      return;
    }
    const done = new Int32Array(message.done);
    try {
      run(message.job);
      Atomics.store(done, 0, 1);
    } catch (error) {
      console.error(`worker: ${(error as Error).message}`);
      Atomics.store(done, 0, 2);
    }
    Atomics.notify(done, 0);
  };
}
