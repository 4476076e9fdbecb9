import type { Tensor } from "@simple-mnist/backend";

/**
 * The pure-TypeScript backend's tensor: a row-major `Float32Array`.
 *
 * Create it through {@linkcode JsBackend.create}; only the backend reads
 * `data`.
 *
 * @example
 * ```ts
 * import { JsBackend } from "@simple-mnist/backend-js";
 * import assert from "node:assert/strict";
 *
 * const t = new JsBackend().create(2, 3);
 * assert.equal(t.data.length, 6);
 * ```
 */
export class JsTensor implements Tensor {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** The values, row-major: element (i, j) is `data[i * cols + j]`. */
  data: Float32Array;
  /** Set once the tensor has been disposed. */
  disposed = false;

  /**
   * Wraps (without copying) a row-major array.
   *
   * @param rows Number of rows.
   * @param cols Number of columns.
   * @param data The values; its length must be `rows * cols`.
   */
  constructor(rows: number, cols: number, data: Float32Array) {
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }
}
