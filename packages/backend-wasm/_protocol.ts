// The messages between the backend and its worker thread.
import type { Kernels } from "./_module.ts";

/** The first message: what to instantiate. */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
}

/** A job: which kernel to run, with which arguments. */
export interface WorkerJob {
  kernel: keyof Kernels;
  args: number[];
}
