// How the backend and its worker thread talk: one message to start, then
// jobs through shared memory, so that handing over a job costs no message.
import type { KernelName } from "./kernels.ts";

/** The control words (Int32Array over `WorkerInit.control`). */
export const enum Slot {
  /** The number of the last job posted (−1 asks the worker to stop). */
  Posted = 0,
  /** The number of the last job finished. */
  Finished = 1,
  /** 1 if the last job finished, 2 if it failed. */
  Status = 2,
  /** The posted job's kernel, as an index into `WorkerInit.kernels`. */
  Kernel = 3,
  /** How many arguments the posted job has. */
  Arguments = 4,
  /** 1 once the worker has instantiated the kernels. */
  Ready = 5,
  /**
   * The number of the last job taken (by compare-and-exchange from the one
   * before): by the worker, or by the backend taking back a job the worker
   * has not started; −1 once the backend has given up on a worker that did
   * not start. Either way no job is taken twice.
   */
  Taken = 6,
  /** 1 if the posted job is shared: its range is claimed in chunks by both threads. */
  Shared = 7,
  /** A shared job's next chunk to claim (by `Atomics.add`). */
  NextChunk = 8,
  /** A shared job's range end; chunks start at multiples of ChunkSize from 0. */
  RangeEnd = 9,
  /** A shared job's chunk size. */
  ChunkSize = 10,
  /** Which of a shared job's arguments is the chunk's start. */
  FromArgument = 11,
  /** Which is the chunk's end. */
  ToArgument = 12,
}

/** How many control words there are. */
export const SLOTS = 13;

/** The most arguments a kernel takes. */
export const MAX_ARGUMENTS = 16;

/**
 * How long each side spins on the control words before it sleeps in
 * `Atomics.wait`: the ops of a training step hand over jobs a fraction of a
 * millisecond apart, and waking a sleeping thread takes tens of
 * microseconds.
 */
export const SPINS = 20_000;

/** The only message: what to instantiate and where the jobs appear. */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** The kernels a job may name, by index. */
  kernels: KernelName[];
  /** {@linkcode SLOTS} Int32 control words (see {@linkcode Slot}). */
  control: SharedArrayBuffer;
  /** {@linkcode MAX_ARGUMENTS} float64 arguments. */
  args: SharedArrayBuffer;
}
