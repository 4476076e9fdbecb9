// A batch of images uploaded from bytes (uploadPixels): the images of a
// slab, copied byte for byte into the memory one after another (`width`
// images of `features` bytes), are either written out dense, scaled
// through a table of 256 f32 (p / 255, written by the backend), or
// indexed, by column and by row, in one pass over the bytes: the same
// indexes (same order, same f32 values) as sparse_index.ts builds from the
// float32 upload (indexPixels), or with each value kept as its byte
// (indexPixelsBytes: one byte, not four, per nonzero), which the products
// read through the table (the *Bytes kernels), so they get the same f32.
// Either way the float32 matrix is never written.

/** The number of nonzero bytes in [bytes, bytes + length). */
export function countNonzeroBytes(bytes: usize, length: i32): i32 {
  const end = bytes + <usize>length;
  const zero = i8x16.splat(0);
  let count = 0;
  let p = bytes;
  for (; p + 16 <= end; p += 16) count += popcnt(i8x16.bitmask(i8x16.ne(v128.load(p), zero)));
  for (; p < end; p++) count += <i32>(load<u8>(p) != 0);
  return count;
}

/**
 * Writes a slab of `width` images dense: out[k][j0 + j] (out has `cols`
 * columns) = table[byte k of image j], row by row so that out is written
 * in order.
 */
export function scalePixels(
  bytes: usize,
  features: i32,
  width: i32,
  table: usize,
  out: usize,
  cols: i32,
  j0: i32,
): void {
  for (let k = 0; k < features; k++) {
    let to = out + ((<usize>k * <usize>cols + <usize>j0) << 2);
    let from = bytes + <usize>k;
    for (let j = 0; j < width; j++) {
      store<f32>(to, load<f32>(table + (<usize>load<u8>(from) << 2)));
      to += 4;
      from += <usize>features;
    }
  }
}

/** Stores the value of byte `p`: the byte itself (V = u8), or its f32 through `table` (V = f32). */
// @ts-ignore: decorator
@inline
function storeValue<V>(values: usize, e: usize, p: u8, table: usize): void {
  if (sizeof<V>() == 1) store<u8>(values + e, p);
  else store<f32>(values + (e << 2), load<f32>(table + (<usize>p << 2)));
}

/**
 * Indexes a slab of `width` images (columns j0 to j0 + width of the batch,
 * which is one block of the by-row index) in one pass over their bytes,
 * sixteen at a time (skipped at once when all are zero, as the border of
 * every image is): by column, column j0 + j's rows (ascending) and values
 * (f32 through `table`) at [columnStart[j0 + j], columnStart[j0 + j + 1])
 * of `rowIndex` (u16) and `colValues`, counted from `first`; by row, the
 * block's row k at [rowStart[k], rowStart[k + 1]) of `columnIndex` (u16,
 * the column less j0, ascending) and `rowValues`, from `first` too (blocks are stored one
 * after another). Each row's count is kept in `cursors` (features u32),
 * then its start, then where its next entry goes. Returns the end (first
 * + the slab's nonzeros); rowStart[features] and columnStart[j0 + width]
 * are that end.
 */
export function indexPixels(
  bytes: usize,
  features: i32,
  width: i32,
  j0: i32,
  columnStart: usize,
  rowIndex: usize,
  colValues: usize,
  first: i32,
  rowStart: usize,
  columnIndex: usize,
  rowValues: usize,
  cursors: usize,
  table: usize,
): i32 {
  return indexPixelsOf<f32>(bytes, features, width, j0, columnStart, rowIndex, colValues, first, rowStart, columnIndex, rowValues, cursors, table);
}

/** indexPixels with each value kept as its byte (u8 `colValues` and `rowValues`; `table` unused). */
export function indexPixelsBytes(
  bytes: usize,
  features: i32,
  width: i32,
  j0: i32,
  columnStart: usize,
  rowIndex: usize,
  colValues: usize,
  first: i32,
  rowStart: usize,
  columnIndex: usize,
  rowValues: usize,
  cursors: usize,
  table: usize,
): i32 {
  return indexPixelsOf<u8>(bytes, features, width, j0, columnStart, rowIndex, colValues, first, rowStart, columnIndex, rowValues, cursors, table);
}

// @ts-ignore: decorator
@inline
function indexPixelsOf<V>(
  bytes: usize,
  features: i32,
  width: i32,
  j0: i32,
  columnStart: usize,
  rowIndex: usize,
  colValues: usize,
  first: i32,
  rowStart: usize,
  columnIndex: usize,
  rowValues: usize,
  cursors: usize,
  table: usize,
): i32 {
  const zero = i8x16.splat(0);
  memory.fill(cursors, 0, <usize>features << 2);
  let e = <usize>first;
  for (let j = 0; j < width; j++) {
    store<u32>(columnStart + ((<usize>(j0 + j)) << 2), <u32>e);
    const image = bytes + <usize>j * <usize>features;
    let k = 0;
    for (; k + 16 <= features; k += 16) {
      let mask = i8x16.bitmask(i8x16.ne(v128.load(image + <usize>k), zero));
      while (mask != 0) {
        const row = k + ctz(mask);
        mask &= mask - 1;
        store<u16>(rowIndex + (e << 1), <u16>row);
        storeValue<V>(colValues, e, load<u8>(image + <usize>row), table);
        const cursor = cursors + (<usize>row << 2);
        store<u32>(cursor, load<u32>(cursor) + 1);
        e++;
      }
    }
    for (; k < features; k++) {
      const p = load<u8>(image + <usize>k);
      if (p == 0) continue;
      store<u16>(rowIndex + (e << 1), <u16>k);
      storeValue<V>(colValues, e, p, table);
      const cursor = cursors + (<usize>k << 2);
      store<u32>(cursor, load<u32>(cursor) + 1);
      e++;
    }
  }
  store<u32>(columnStart + ((<usize>(j0 + width)) << 2), <u32>e);
  // Each row's count becomes its start, and where its next entry goes.
  let at: u32 = <u32>first;
  for (let k = 0; k < features; k++) {
    const cursor = cursors + (<usize>k << 2);
    const count = load<u32>(cursor);
    store<u32>(rowStart + (<usize>k << 2), at);
    store<u32>(cursor, at);
    at += count;
  }
  store<u32>(rowStart + (<usize>features << 2), at);
  // Columns in order, so each row's columns come out ascending.
  let from = <usize>first;
  for (let j = 0; j < width; j++) {
    const end = <usize>load<u32>(columnStart + ((<usize>(j0 + j + 1)) << 2));
    for (; from < end; from++) {
      const cursor = cursors + (<usize>load<u16>(rowIndex + (from << 1)) << 2);
      const to = <usize>load<u32>(cursor);
      store<u32>(cursor, <u32>to + 1);
      store<u16>(columnIndex + (to << 1), <u16>j);
      if (sizeof<V>() == 1) store<u8>(rowValues + to, load<u8>(colValues + from));
      else store<f32>(rowValues + (to << 2), load<f32>(colValues + (from << 2)));
    }
  }
  return <i32>e;
}

/**
 * Writes a rows x cols matrix dense from its index by column (what
 * indexPixels built): zeros, then each nonzero's f32 at [row][j].
 */
export function scatterColumns(
  columnStart: usize,
  rowIndex: usize,
  values: usize,
  rows: i32,
  cols: i32,
  out: usize,
): void {
  scatterColumnsOf<f32>(columnStart, rowIndex, values, rows, cols, out, 0);
}

/** scatterColumns from an index of byte values (indexPixelsBytes'), read through `table`. */
export function scatterColumnsBytes(
  columnStart: usize,
  rowIndex: usize,
  values: usize,
  rows: i32,
  cols: i32,
  out: usize,
  table: usize,
): void {
  scatterColumnsOf<u8>(columnStart, rowIndex, values, rows, cols, out, table);
}

// @ts-ignore: decorator
@inline
function scatterColumnsOf<V>(
  columnStart: usize,
  rowIndex: usize,
  values: usize,
  rows: i32,
  cols: i32,
  out: usize,
  table: usize,
): void {
  memory.fill(out, 0, (<usize>rows * <usize>cols) << 2);
  for (let j = 0; j < cols; j++) {
    const end = <usize>load<u32>(columnStart + ((<usize>j + 1) << 2));
    for (let e = <usize>load<u32>(columnStart + (<usize>j << 2)); e < end; e++) {
      const row = <usize>load<u16>(rowIndex + (e << 1));
      const value = sizeof<V>() == 1
        ? load<f32>(table + (<usize>load<u8>(values + e) << 2))
        : load<f32>(values + (e << 2));
      store<f32>(out + ((row * <usize>cols + <usize>j) << 2), value);
    }
  }
}
