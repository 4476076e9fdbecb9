// @ts-types="@types/ndarray"
import ndarray, { type NdArray } from "ndarray";
import type { Tensor } from "@simple-mnist/backend";
import type { SparseColumns } from "@simple-mnist/cpu";

/**
 * The ndarray backend's tensor: a 2-D `ndarray` view over a `Float32Array`
 * in shared memory (so the worker thread can read and write it), plus, for
 * uploaded data that is mostly zeros, its nonzeros by column.
 *
 * @example
 * ```ts
 * import { NdarrayTensor } from "@simple-mnist/backend-ndarray";
 * import assert from "node:assert/strict";
 *
 * const t = new NdarrayTensor(2, 3);
 * assert.deepEqual(t.array.shape, [2, 3]);
 * assert.deepEqual(t.array.transpose(1, 0).shape, [3, 2]);
 * ```
 */
export class NdarrayTensor implements Tensor {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** The values as a row-major `rows x cols` ndarray. */
  array: NdArray<Float32Array>;
  /** The nonzeros by column, kept while the values are those last uploaded. */
  sparse: SparseColumns | undefined;
  /** Set once the tensor has been disposed. */
  disposed = false;

  /** The values, row-major and contiguous (what the float32 loops of `@simple-mnist/cpu` read). */
  get data(): Float32Array {
    return this.array.data;
  }

  /**
   * Allocates a zero-filled tensor in shared memory.
   *
   * @param rows Number of rows.
   * @param cols Number of columns.
   */
  constructor(rows: number, cols: number) {
    this.rows = rows;
    this.cols = cols;
    const data = new Float32Array(new SharedArrayBuffer(4 * rows * cols));
    this.array = ndarray(data, [rows, cols]);
  }
}
