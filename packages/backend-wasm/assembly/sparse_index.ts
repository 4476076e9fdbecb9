// Indexes of a mostly-zero row-major f32 matrix, built in the memory where
// the product kernels read them: u16 indices and f32 values, in two arrays
// (6 bytes per nonzero: the products stream through them once per pass).
// The index by rows is built from the matrix, the one by columns from it.

/** The number of nonzero f32 values in [data, data + 4·length). */
export function countNonzeros(data: usize, length: i32): i32 {
  const end = data + (<usize>length << 2);
  const zero = f32x4.splat(0);
  // Each lane of a comparison is −1 (all bits set) where the value is nonzero.
  let counts = i32x4.splat(0);
  let p = data;
  for (; p + 16 <= end; p += 16) counts = i32x4.sub(counts, f32x4.ne(v128.load(p), zero));
  let count = i32x4.extract_lane(counts, 0) + i32x4.extract_lane(counts, 1) +
    i32x4.extract_lane(counts, 2) + i32x4.extract_lane(counts, 3);
  for (; p < end; p += 4) count += <i32>(load<f32>(p) != 0);
  return count;
}

/**
 * The nonzeros by row, in blocks of `blockCols` (at most 65,536) columns:
 * row i's nonzeros within block b are at [rowStart[b·rows + i],
 * rowStart[b·rows + i + 1]) of the u16 `columnIndex` (the column less the
 * block's first, ascending) and the f32 `values`, which need room for one
 * more (spare) entry. `rowStart` holds
 * ⌈cols / blockCols⌉·rows + 1 u32.
 */
export function indexRowBlocks(
  data: usize,
  rows: i32,
  cols: i32,
  blockCols: i32,
  rowStart: usize,
  columnIndex: usize,
  values: usize,
): void {
  // Branch-free, as in indexColumns: every value is stored at the next
  // slot, which only a nonzero advances.
  let e: usize = 0;
  let slot = rowStart;
  for (let j0 = 0; j0 < cols; j0 += blockCols) {
    const j1 = min(j0 + blockCols, cols);
    for (let i = 0; i < rows; i++) {
      store<u32>(slot, <u32>e);
      slot += 4;
      const row = data + ((<usize>i * <usize>cols) << 2);
      for (let j = j0; j < j1; j++) {
        const v = load<f32>(row + (<usize>j << 2));
        store<u16>(columnIndex + (e << 1), j - j0);
        store<f32>(values + (e << 2), v);
        e += <usize>(v != 0);
      }
    }
  }
  store<u32>(slot, <u32>e);
}

/**
 * The nonzeros by column, from the nonzeros by row (see indexRowBlocks):
 * column j's rows (ascending) and values are at [columnStart[j],
 * columnStart[j + 1]) of the u16 `rowIndex` and the f32 `values`.
 * `columnStart` holds cols + 1 u32; rows must be at most 65,536.
 */
export function indexColumns(
  rowStart: usize,
  columnIndex: usize,
  rowValues: usize,
  rows: i32,
  cols: i32,
  blockCols: i32,
  columnStart: usize,
  rowIndex: usize,
  values: usize,
): void {
  memory.fill(columnStart, 0, (<usize>cols + 1) << 2);
  // Count each column's nonzeros (into the slot after it), then sum them up.
  let slot = rowStart;
  for (let j0 = 0; j0 < cols; j0 += blockCols) {
    for (let i = 0; i < rows; i++) {
      const stop = <usize>load<u32>(slot, 4);
      for (let e = <usize>load<u32>(slot); e < stop; e++) {
        const at = columnStart + ((<usize>j0 + <usize>load<u16>(columnIndex + (e << 1)) + 1) << 2);
        store<u32>(at, load<u32>(at) + 1);
      }
      slot += 4;
    }
  }
  for (let j = 0; j < cols; j++) {
    const at = columnStart + ((<usize>j + 1) << 2);
    store<u32>(at, load<u32>(at) + load<u32>(at - 4));
  }
  // Fill each column at a cursor kept in columnStart[j], which so ends at
  // the next column's start; then shift the offsets back by one column.
  slot = rowStart;
  for (let j0 = 0; j0 < cols; j0 += blockCols) {
    for (let i = 0; i < rows; i++) {
      const stop = <usize>load<u32>(slot, 4);
      for (let e = <usize>load<u32>(slot); e < stop; e++) {
        const at = columnStart + ((<usize>j0 + <usize>load<u16>(columnIndex + (e << 1))) << 2);
        const to = <usize>load<u32>(at);
        store<u16>(rowIndex + (to << 1), i);
        store<f32>(values + (to << 2), load<f32>(rowValues + (e << 2)));
        store<u32>(at, <u32>to + 1);
      }
      slot += 4;
    }
  }
  for (let j = cols; j > 0; j--) {
    store<u32>(columnStart + (<usize>j << 2), load<u32>(columnStart + ((<usize>j - 1) << 2)));
  }
  store<u32>(columnStart, 0);
}
