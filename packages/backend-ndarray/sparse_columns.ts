/**
 * A matrix's nonzero entries grouped by column (compressed sparse columns):
 * column `j` holds `rowIndex[e]` and `values[e]` for `e` in
 * `[columnStart[j], columnStart[j + 1])`, rows ascending.
 *
 * MNIST images are ~81% zero pixels; with samples as columns, a kernel that
 * walks this structure reads each sample once and skips every zero.
 *
 * @example
 * ```ts
 * import { type SparseColumns, sparseColumns } from "@simple-mnist/backend-ndarray";
 * import assert from "node:assert/strict";
 *
 * const s: SparseColumns = sparseColumns(Float32Array.of(0, 0, 3, 0), 2, 2);
 * assert.equal(s.columnStart[2], 1);
 * ```
 */
export interface SparseColumns {
  /** Rows of the matrix. */
  readonly rows: number;
  /** Columns of the matrix. */
  readonly cols: number;
  /** `cols + 1` offsets into `rowIndex` and `values`. */
  readonly columnStart: Uint32Array;
  /** The row of each nonzero. */
  readonly rowIndex: Uint16Array | Uint32Array;
  /** The value of each nonzero. */
  readonly values: Float32Array;
}

/**
 * Builds the compressed-sparse-column form of a row-major matrix, in shared
 * memory so that worker threads can read it.
 *
 * @param data The values, row-major, `rows x cols`.
 * @param rows Rows.
 * @param cols Columns.
 * @returns The nonzeros by column.
 *
 * @example
 * ```ts
 * import { sparseColumns } from "@simple-mnist/backend-ndarray";
 * import assert from "node:assert/strict";
 *
 * // [[0, 5],
 * //  [7, 0]]
 * const s = sparseColumns(Float32Array.of(0, 5, 7, 0), 2, 2);
 * assert.deepEqual([...s.columnStart], [0, 1, 2]);
 * assert.deepEqual([...s.rowIndex], [1, 0]);
 * assert.deepEqual([...s.values], [7, 5]);
 * ```
 */
export function sparseColumns(data: Float32Array, rows: number, cols: number): SparseColumns {
  const counts = new Uint32Array(cols + 1);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) if (data[row + j] !== 0) counts[j + 1]++;
  }
  const columnStart = new Uint32Array(new SharedArrayBuffer(4 * (cols + 1)));
  for (let j = 0; j < cols; j++) columnStart[j + 1] = columnStart[j] + counts[j + 1];
  const nonzeros = columnStart[cols];
  const rowIndex = rows <= 0x10000
    ? new Uint16Array(new SharedArrayBuffer(2 * Math.max(nonzeros, 1)))
    : new Uint32Array(new SharedArrayBuffer(4 * Math.max(nonzeros, 1)));
  const values = new Float32Array(new SharedArrayBuffer(4 * Math.max(nonzeros, 1)));
  const next = columnStart.slice(0, cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[row + j];
      if (v !== 0) {
        const e = next[j]++;
        rowIndex[e] = i;
        values[e] = v;
      }
    }
  }
  return { rows, cols, columnStart, rowIndex, values };
}
