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
 * import { type SparseColumns, sparseColumns } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const s: SparseColumns | undefined = sparseColumns(Float32Array.of(0, 0, 3, 0), 2, 2);
 * assert.equal(s?.columnStart[2], 1);
 * ```
 */
export interface SparseColumns {
  /** `cols + 1` offsets into `rowIndex` and `values`. */
  readonly columnStart: Uint32Array;
  /** The row of each nonzero (rows are at most 65,536). */
  readonly rowIndex: Uint16Array;
  /** The value of each nonzero. */
  readonly values: Float32Array;
}

/** Where {@linkcode sparseColumns} puts its arrays (shared memory, a WebAssembly heap, …). */
export interface ColumnStorage {
  /** An array of `length` uint32. */
  u32(length: number): Uint32Array;
  /** An array of `length` uint16. */
  u16(length: number): Uint16Array;
  /** An array of `length` float32. */
  f32(length: number): Float32Array;
}

/** Plain arrays in shared memory, so that worker threads can read them. */
const SHARED: ColumnStorage = {
  u32: (n) => new Uint32Array(new SharedArrayBuffer(4 * Math.max(n, 1))).subarray(0, n),
  u16: (n) => new Uint16Array(new SharedArrayBuffer(2 * Math.max(n, 1))).subarray(0, n),
  f32: (n) => new Float32Array(new SharedArrayBuffer(4 * Math.max(n, 1))).subarray(0, n),
};

/**
 * Indexes a row-major matrix by its nonzeros per column, when that pays:
 * at most half of the values nonzero and at most 65,536 rows. Sparse-aware
 * CPU backends call it on upload.
 *
 * @param data The values, row-major, `rows x cols`.
 * @param rows Rows.
 * @param cols Columns.
 * @param storage Where the arrays go (default: shared memory).
 * @returns The nonzeros by column, or undefined when the matrix is too dense or tall.
 *
 * @example
 * ```ts
 * import { sparseColumns } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * // [[0, 5],
 * //  [7, 0]]
 * const s = sparseColumns(Float32Array.of(0, 5, 7, 0), 2, 2)!;
 * assert.deepEqual([...s.columnStart], [0, 1, 2]);
 * assert.deepEqual([...s.rowIndex], [1, 0]);
 * assert.deepEqual([...s.values], [7, 5]);
 * assert.equal(sparseColumns(Float32Array.of(1, 2, 3, 0), 2, 2), undefined);
 * ```
 */
export function sparseColumns(
  data: Float32Array,
  rows: number,
  cols: number,
  storage: ColumnStorage = SHARED,
): SparseColumns | undefined {
  if (rows > 0x10000) return undefined;
  let nonzeros = 0;
  for (let e = 0; e < data.length; e++) if (data[e] !== 0) nonzeros++;
  if (2 * nonzeros > data.length) return undefined;

  const columnStart = storage.u32(cols + 1);
  const rowIndex = storage.u16(nonzeros);
  const values = storage.f32(nonzeros);
  columnStart.fill(0);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) if (data[row + j] !== 0) columnStart[j + 1]++;
  }
  for (let j = 0; j < cols; j++) columnStart[j + 1] += columnStart[j];
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
  return { columnStart, rowIndex, values };
}
