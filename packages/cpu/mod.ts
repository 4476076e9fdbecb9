/**
 * What simple-mnist's CPU backends (`js`, `ndarray`, `wasm`) share and a GPU
 * backend needs none of: the base class `Float32Backend` over contiguous
 * float32 tensors, the plain float32 loops of every op it runs, a pool of
 * worker threads over shared memory, the idle timer that stops them, waiting
 * on a shared word, the check that a worker can start at all, the sparse
 * column index of mostly-zero data, and the tuning options the threaded
 * backends accept.
 *
 * @example Index a mostly-zero matrix by column
 * ```ts
 * import { cpuBackendOptions, sparseColumns } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * // [[0, 5, 0],
 * //  [0, 0, 0]]: column 1 holds the only nonzero.
 * const index = sparseColumns(Float32Array.of(0, 5, 0, 0, 0, 0), 2, 3)!;
 * assert.deepEqual([...index.columnStart], [0, 0, 1, 1]);
 * assert.equal(cpuBackendOptions().threads, 2);
 * ```
 *
 * @module
 */
export * from "./float32_backend.ts";
export * from "./float32_ops.ts";
export * from "./gather_pixels.ts";
export * from "./worker_pool.ts";
export * from "./idle_timer.ts";
export * from "./can_start_worker.ts";
export * from "./wait_for_change.ts";
export * from "./sparse_columns.ts";
export * from "./cpu_backend_options.ts";
export type {
  Activation,
  Backend,
  MatmulOptions,
  PixelImages,
  Tensor,
} from "@simple-mnist/backend";
