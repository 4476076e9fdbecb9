/**
 * A 2-D float32 matrix owned by a backend.
 *
 * Only its shape is public: the memory behind it (a typed array, WASM linear
 * memory, a GPU buffer) belongs to the backend that created it, and data moves
 * in and out only through {@linkcode Backend.upload} and
 * {@linkcode Backend.download}. Values are stored row-major.
 *
 * @example
 * ```ts
 * import type { Tensor } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * const shape: Tensor = { rows: 10, cols: 784 };
 * assert.equal(shape.rows * shape.cols, 7840);
 * ```
 */
export interface Tensor {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
}

/**
 * Formats a tensor's shape as `ROWSxCOLS`, the form every error message uses.
 *
 * @param tensor The tensor (or any object with a shape).
 * @returns The shape, e.g. `"10x784"`.
 *
 * @example
 * ```ts
 * import { shapeOf } from "@simple-mnist/backend";
 * import assert from "node:assert/strict";
 *
 * assert.equal(shapeOf({ rows: 2, cols: 3 }), "2x3");
 * ```
 */
export function shapeOf(tensor: Tensor): string {
  return `${tensor.rows}x${tensor.cols}`;
}
