/**
 * The wasm backend's second thread, as a worker's entry module: started as
 * a `Worker`, it instantiates the kernels over the backend's shared memory,
 * then runs the jobs posted in the control words (see `_protocol.ts` and
 * `_kernel_thread.ts`) until told to stop. It exports nothing and is not
 * for importing: `WasmBackend` starts it from here by default, and a page
 * that bundles the backend bundles this module as a script of its own and
 * passes that script's URL as the `workerUrl` option.
 *
 * @example Where a bundler finds it
 * ```ts
 * import assert from "node:assert/strict";
 *
 * const entry = new URL(import.meta.resolve("@simple-mnist/backend-wasm/kernel-worker"));
 * assert.ok(entry.pathname.endsWith("/kernel_worker.ts"));
 * ```
 *
 * @module
 */
import { instantiate } from "./kernels.ts";
import { Slot, SPINS, type WorkerInit } from "./_protocol.ts";

const scope = globalThis as unknown as { onmessage: ((event: MessageEvent) => void) | null };

scope.onmessage = (event: MessageEvent) => {
  const init = event.data as WorkerInit;
  const kernels = instantiate(init.module, init.memory) as unknown as Record<
    string,
    (...args: number[]) => unknown
  >;
  const control = new Int32Array(init.control);
  const args = new Float64Array(init.args);
  Atomics.store(control, Slot.Ready, 1);
  Atomics.notify(control, Slot.Finished);
  let seen = 0;
  for (;;) {
    let posted = Atomics.load(control, Slot.Posted);
    for (let spin = 0; posted === seen && spin < SPINS; spin++) {
      posted = Atomics.load(control, Slot.Posted);
    }
    while (posted === seen) {
      Atomics.wait(control, Slot.Posted, seen);
      posted = Atomics.load(control, Slot.Posted);
    }
    if (posted < 0) return;
    // Take the job from the one before, unless the backend gave up on this
    // worker (then stop) or took the job back (then it did it: skip it).
    if (Atomics.compareExchange(control, Slot.Taken, posted - 1, posted) !== posted - 1) {
      if (Atomics.load(control, Slot.Taken) < 0) return;
      seen = posted;
      continue;
    }
    seen = posted;
    let status = 1;
    try {
      const kernel = kernels[init.kernels[control[Slot.Kernel]]];
      const job = args.slice(0, control[Slot.Arguments]);
      if (control[Slot.Shared] === 1) {
        // Chunks of a shared range, claimed in turn with the backend's thread.
        const [end, size] = [control[Slot.RangeEnd], control[Slot.ChunkSize]];
        const [from, to] = [control[Slot.FromArgument], control[Slot.ToArgument]];
        for (let lo = size * Atomics.add(control, Slot.NextChunk, 1); lo < end;) {
          job[from] = lo;
          job[to] = Math.min(end, lo + size);
          kernel(...job);
          lo = size * Atomics.add(control, Slot.NextChunk, 1);
        }
      } else {
        kernel(...job);
      }
    } catch (error) {
      console.error(`worker: ${(error as Error).message}`);
      status = 2;
    }
    Atomics.store(control, Slot.Status, status);
    Atomics.store(control, Slot.Finished, seen);
    Atomics.notify(control, Slot.Finished);
  }
};
