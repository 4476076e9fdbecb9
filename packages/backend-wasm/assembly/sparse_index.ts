import { transposeScaled } from "./panel_products";

// Indexes of a mostly-zero row-major f32 matrix, built in the memory where
// the product kernels read them: u16 indices and f32 values, in two arrays
// (6 bytes per nonzero: the products stream through them once per pass).
// Both are built from the matrix, the one by columns from slabs of it
// transposed.

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
 * Writes the tables indexRowBlocks compacts with (528 bytes at `at`): for
 * each 4-bit mask of nonzero lanes, the i8x16.swizzle that moves the
 * selected f32 lanes to the front (16 masks x 16 bytes), the one that
 * moves the selected u16 lanes to the front (the next 256 bytes), and the
 * u16 lanes 0, 1, 2, 3 (16 bytes).
 */
export function writeCompactionTables(at: usize): void {
  for (let mask = 0; mask < 16; mask++) {
    const f32s = at + (<usize>mask << 4);
    const u16s = f32s + 256;
    memory.fill(f32s, 0x80, 16);
    memory.fill(u16s, 0x80, 16);
    let to: u32 = 0;
    for (let lane: u32 = 0; lane < 4; lane++) {
      if ((mask & (1 << lane)) == 0) continue;
      for (let b: u32 = 0; b < 4; b++) store<u8>(f32s + (to << 2) + b, <u8>((lane << 2) + b));
      for (let b: u32 = 0; b < 2; b++) store<u8>(u16s + (to << 1) + b, <u8>((lane << 1) + b));
      to++;
    }
  }
  v128.store(at + 512, i16x8(0, 1, 2, 3, 0, 0, 0, 0));
}

/**
 * The nonzeros by row, in blocks of `blockCols` (at most 65,536) columns:
 * row i's nonzeros within block b are at [rowStart[b·rows + i],
 * rowStart[b·rows + i + 1]) of the u16 `columnIndex` (the column less the
 * block's first, ascending) and the f32 `values`, counted from `first`;
 * both need room for three more (spare) entries. `rowStart` holds
 * ⌈cols / blockCols⌉·rows + 1 u32. Returns the end (first + nonzeros).
 * Four values at a time: skipped at once when all are zero (the border
 * pixels of every image are), else their nonzeros moved to the front by
 * one swizzle (the tables of writeCompactionTables) and stored at once.
 */
export function indexRowBlocks(
  data: usize,
  rows: i32,
  cols: i32,
  blockCols: i32,
  rowStart: usize,
  columnIndex: usize,
  values: usize,
  first: i32,
  tables: usize,
): i32 {
  const zero = f32x4.splat(0);
  const lanes = v128.load(tables + 512);
  let e = <usize>first;
  let slot = rowStart;
  for (let j0 = 0; j0 < cols; j0 += blockCols) {
    const j1 = min(j0 + blockCols, cols);
    for (let i = 0; i < rows; i++) {
      store<u32>(slot, <u32>e);
      slot += 4;
      const row = data + ((<usize>i * <usize>cols) << 2);
      let j = j0;
      for (; j + 4 <= j1; j += 4) {
        const v = v128.load(row + (<usize>j << 2));
        const mask = i32x4.bitmask(f32x4.ne(v, zero));
        if (mask == 0) continue;
        const table = tables + (<usize>mask << 4);
        v128.store(values + (e << 2), i8x16.swizzle(v, v128.load(table)));
        const at = i16x8.add(lanes, i16x8.splat(<i16>(j - j0)));
        v128.store64_lane(columnIndex + (e << 1), i8x16.swizzle(at, v128.load(table, 256)), 0);
        e += <usize>popcnt(mask);
      }
      // Branch-free: every value is stored at the next slot, which only a nonzero advances.
      for (; j < j1; j++) {
        const v = load<f32>(row + (<usize>j << 2));
        store<u16>(columnIndex + (e << 1), j - j0);
        store<f32>(values + (e << 2), v);
        e += <usize>(v != 0);
      }
    }
  }
  store<u32>(slot, <u32>e);
  return <i32>e;
}

/**
 * The nonzeros by column of a rows x cols f32 matrix (rows at most
 * 65,536): column j's rows (ascending) and values are at [columnStart[j],
 * columnStart[j + 1]) of the u16 `rowIndex` and the f32 `values` (room for
 * three spare entries). Slabs of `slab` columns are transposed into
 * `scratch` (slab x rows f32), whose rows indexRowBlocks then indexes.
 */
export function indexColumnsByTransposing(
  data: usize,
  rows: i32,
  cols: i32,
  slab: i32,
  scratch: usize,
  columnStart: usize,
  rowIndex: usize,
  values: usize,
  tables: usize,
): void {
  let e = 0;
  for (let j0 = 0; j0 < cols; j0 += slab) {
    const width = min(slab, cols - j0);
    transposeScaled(data + (<usize>j0 << 2), cols, width, scratch, rows, 1, 0, rows);
    e = indexRowBlocks(
      scratch,
      width,
      rows,
      rows,
      columnStart + (<usize>j0 << 2),
      rowIndex,
      values,
      e,
      tables,
    );
  }
}
