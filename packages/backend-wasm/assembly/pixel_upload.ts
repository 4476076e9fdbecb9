// A batch of images uploaded from bytes (uploadPixels): the images of a
// slab, copied byte for byte into the memory one after another (`width`
// images of `features` bytes), are either written out dense, scaled
// through a table of 256 f32 (p / 255, written by the backend), or
// indexed, by column and by row, in one pass over the bytes: the same
// indexes (same order) as sparse_index.ts builds from the float32 upload,
// but each value kept as its byte (one byte, not four, per nonzero), which
// the products read through the table (the *Bytes kernels), so they get
// the same f32 and the float32 matrix is never written.

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

/**
 * Indexes a slab of `width` images (columns j0 to j0 + width of the batch,
 * which is one block of the by-row index) in one pass over their bytes,
 * sixteen at a time (skipped at once when all are zero, as the border of
 * every image is): by column, column j0 + j's rows (ascending) and bytes
 * at [columnStart[j0 + j], columnStart[j0 + j + 1]) of `rowIndex` (u16)
 * and `colValues` (u8), counted from `first`; by row, the block's row k
 * at [rowStart[k], rowStart[k + 1]) of `columnIndex` (u16, the column less
 * j0, ascending) and `rowValues` (u8), from `first` too (blocks are stored one
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
        store<u8>(colValues + e, load<u8>(image + <usize>row));
        const cursor = cursors + (<usize>row << 2);
        store<u32>(cursor, load<u32>(cursor) + 1);
        e++;
      }
    }
    for (; k < features; k++) {
      const p = load<u8>(image + <usize>k);
      if (p == 0) continue;
      store<u16>(rowIndex + (e << 1), <u16>k);
      store<u8>(colValues + e, p);
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
      store<u8>(rowValues + to, load<u8>(colValues + from));
    }
  }
  return <i32>e;
}

/**
 * Writes a rows x cols matrix dense from its index by column (what
 * indexPixels built): zeros, then each nonzero's byte through `table` at
 * [row][j].
 */
export function scatterColumns(
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
      store<f32>(out + ((row * <usize>cols + <usize>j) << 2), load<f32>(table + (<usize>load<u8>(values + e) << 2)));
    }
  }
}
