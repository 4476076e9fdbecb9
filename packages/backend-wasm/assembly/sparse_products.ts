// Products with a mostly-zero matrix B (the pixels), read through the
// indexes of sparse_index.ts (u16 indices and f32 values in two arrays) so
// that zero pixels cost nothing: the seed's ten hidden units, whose ten sums
// stay in three f32x4 registers, rows of 12 floats with two lanes of
// padding. Other widths: panel_products.ts.

/**
 * The value of a nonzero, in all four lanes: an f32 of `values` (V = f32,
 * an upload's index), or a byte of them through the 256 f32 of `table` (V
 * = u8, an uploadPixels index: the same f32 for a quarter of the memory).
 */
// @ts-ignore: decorator
@inline
export function splatValue<V>(value: usize, table: usize): v128 {
  if (sizeof<V>() == 1) return v128.load32_splat(table + (<usize>load<u8>(value) << 2));
  return v128.load32_splat(value);
}

/**
 * The product op(A)·B for ten rows of A, in f32: `At` is op(A) transposed,
 * f32, `inner x 12`, and each column's ten sums (as many terms as an image
 * has nonzero pixels) run in three f32x4 registers.
 */
export function sparseProduct10(
  At: usize,
  columnStart: usize,
  rowIndex: usize,
  values: usize,
  out: usize,
  outRowStride: i32,
  outColStride: i32,
  alpha: f32,
  j0: i32,
  j1: i32,
): void {
  sparseProduct10Of<f32>(At, columnStart, rowIndex, values, out, outRowStride, outColStride, alpha, j0, j1, 0);
}

/** sparseProduct10 with byte values, read through `table` (256 f32). */
export function sparseProduct10Bytes(
  At: usize,
  columnStart: usize,
  rowIndex: usize,
  values: usize,
  out: usize,
  outRowStride: i32,
  outColStride: i32,
  alpha: f32,
  j0: i32,
  j1: i32,
  table: usize,
): void {
  sparseProduct10Of<u8>(At, columnStart, rowIndex, values, out, outRowStride, outColStride, alpha, j0, j1, table);
}

// @ts-ignore: decorator
@inline
function sparseProduct10Of<V>(
  At: usize,
  columnStart: usize,
  rowIndex: usize,
  values: usize,
  out: usize,
  outRowStride: i32,
  outColStride: i32,
  alpha: f32,
  j0: i32,
  j1: i32,
  table: usize,
): void {
  const rowBytes = <usize>outRowStride << 2;
  const scale = f32x4.splat(alpha);
  for (let j = j0; j < j1; j++) {
    let s0 = f32x4.splat(0);
    let s1 = f32x4.splat(0);
    let s2 = f32x4.splat(0);
    const first = <usize>load<u32>(columnStart + (<usize>j << 2));
    const end = rowIndex + (<usize>load<u32>(columnStart + ((<usize>j + 1) << 2)) << 1);
    let value = values + first * sizeof<V>();
    for (let p = rowIndex + (first << 1); p < end; p += 2) {
      const v = splatValue<V>(value, table);
      value += sizeof<V>();
      const b = At + <usize>load<u16>(p) * 48;
      s0 = f32x4.add(s0, f32x4.mul(v128.load(b), v));
      s1 = f32x4.add(s1, f32x4.mul(v128.load(b, 16), v));
      s2 = f32x4.add(s2, f32x4.mul(v128.load(b, 32), v));
    }
    s0 = f32x4.mul(s0, scale);
    s1 = f32x4.mul(s1, scale);
    s2 = f32x4.mul(s2, scale);
    let o = out + ((<usize>j * <usize>outColStride) << 2);
    store<f32>(o, f32x4.extract_lane(s0, 0));
    o += rowBytes;
    store<f32>(o, f32x4.extract_lane(s0, 1));
    o += rowBytes;
    store<f32>(o, f32x4.extract_lane(s0, 2));
    o += rowBytes;
    store<f32>(o, f32x4.extract_lane(s0, 3));
    o += rowBytes;
    store<f32>(o, f32x4.extract_lane(s1, 0));
    o += rowBytes;
    store<f32>(o, f32x4.extract_lane(s1, 1));
    o += rowBytes;
    store<f32>(o, f32x4.extract_lane(s1, 2));
    o += rowBytes;
    store<f32>(o, f32x4.extract_lane(s1, 3));
    o += rowBytes;
    store<f32>(o, f32x4.extract_lane(s2, 0));
    o += rowBytes;
    store<f32>(o, f32x4.extract_lane(s2, 1));
  }
}

/**
 * out[j·12 + i] = A(i, j) for the ten rows i of A (lanes 10 and 11 zero),
 * columns j in [j0, j1): the layout sparseProductTransposed10 reads.
 */
export function transposeTo12(
  A: usize,
  aRowStride: i32,
  aColStride: i32,
  out: usize,
  j0: i32,
  j1: i32,
): void {
  const r = <usize>aRowStride << 2;
  for (let j = j0; j < j1; j++) {
    const p = A + ((<usize>j * <usize>aColStride) << 2);
    const o = out + <usize>j * 48;
    v128.store(o, f32x4(load<f32>(p), load<f32>(p + r), load<f32>(p + 2 * r), load<f32>(p + 3 * r)));
    v128.store(
      o,
      f32x4(load<f32>(p + 4 * r), load<f32>(p + 5 * r), load<f32>(p + 6 * r), load<f32>(p + 7 * r)),
      16,
    );
    v128.store(o, f32x4(load<f32>(p + 8 * r), load<f32>(p + 9 * r), 0, 0), 32);
  }
}

/**
 * The n = 10 case of A·Bᵀ, by rows of B: out(i, k) = alpha · Σ At[j·12 + i]
 * · v over the nonzeros (j, v) of row k of B, for rows k in [k0, k1). B is
 * indexed by indexRowBlocks (`rows` rows, blocks of `blockCols` columns),
 * and the blocks run outermost so the part of `At` (A transposed by
 * transposeTo12) they read stays in cache. Sums run in f32 over at most
 * 256 terms, then in f64 in `sums` (f64 scratch, `rows x 10`).
 */
export function sparseProductTransposed10(
  At: usize,
  rowStart: usize,
  columnIndex: usize,
  values: usize,
  rows: i32,
  cols: i32,
  blockCols: i32,
  sums: usize,
  out: usize,
  alpha: f64,
  k0: i32,
  k1: i32,
): void {
  sparseProductTransposed10Of<f32>(At, rowStart, columnIndex, values, rows, cols, blockCols, sums, out, alpha, k0, k1, 0);
}

/** sparseProductTransposed10 with byte values, read through `table` (256 f32). */
export function sparseProductTransposed10Bytes(
  At: usize,
  rowStart: usize,
  columnIndex: usize,
  values: usize,
  rows: i32,
  cols: i32,
  blockCols: i32,
  sums: usize,
  out: usize,
  alpha: f64,
  k0: i32,
  k1: i32,
  table: usize,
): void {
  sparseProductTransposed10Of<u8>(At, rowStart, columnIndex, values, rows, cols, blockCols, sums, out, alpha, k0, k1, table);
}

// @ts-ignore: decorator
@inline
function sparseProductTransposed10Of<V>(
  At: usize,
  rowStart: usize,
  columnIndex: usize,
  values: usize,
  rows: i32,
  cols: i32,
  blockCols: i32,
  sums: usize,
  out: usize,
  alpha: f64,
  k0: i32,
  k1: i32,
  table: usize,
): void {
  memory.fill(sums + <usize>k0 * 80, 0, <usize>(k1 - k0) * 80);
  let starts = rowStart;
  for (let j0 = 0; j0 < cols; j0 += blockCols) {
    const block = At + <usize>j0 * 48;
    for (let k = k0; k < k1; k++) {
      const first = <usize>load<u32>(starts + (<usize>k << 2));
      const end = columnIndex + (<usize>load<u32>(starts + ((<usize>k + 1) << 2)) << 1);
      let p = columnIndex + (first << 1);
      if (p == end) continue;
      let value = values + first * sizeof<V>();
      const sum = sums + <usize>k * 80;
      let d0 = v128.load(sum);
      let d1 = v128.load(sum, 16);
      let d2 = v128.load(sum, 32);
      let d3 = v128.load(sum, 48);
      let d4 = v128.load(sum, 64);
      while (p < end) {
        const stop = min(p + 256 * 2, end);
        let s0 = f32x4.splat(0);
        let s1 = f32x4.splat(0);
        let s2 = f32x4.splat(0);
        for (; p < stop; p += 2) {
          const v = splatValue<V>(value, table);
          value += sizeof<V>();
          const a = block + <usize>load<u16>(p) * 48;
          s0 = f32x4.add(s0, f32x4.mul(v128.load(a), v));
          s1 = f32x4.add(s1, f32x4.mul(v128.load(a, 16), v));
          s2 = f32x4.add(s2, f32x4.mul(v128.load(a, 32), v));
        }
        d0 = f64x2.add(d0, f64x2.promote_low_f32x4(s0));
        d1 = f64x2.add(d1, f64x2.promote_low_f32x4(v128.shuffle<u32>(s0, s0, 2, 3, 0, 1)));
        d2 = f64x2.add(d2, f64x2.promote_low_f32x4(s1));
        d3 = f64x2.add(d3, f64x2.promote_low_f32x4(v128.shuffle<u32>(s1, s1, 2, 3, 0, 1)));
        d4 = f64x2.add(d4, f64x2.promote_low_f32x4(s2));
      }
      v128.store(sum, d0);
      v128.store(sum, d1, 16);
      v128.store(sum, d2, 32);
      v128.store(sum, d3, 48);
      v128.store(sum, d4, 64);
    }
    starts += <usize>rows << 2;
  }
  const rowBytes = <usize>rows << 2;
  for (let k = k0; k < k1; k++) {
    const sum = sums + <usize>k * 80;
    let o = out + (<usize>k << 2);
    for (let i: usize = 0; i < 80; i += 8) {
      store<f32>(o, <f32>(alpha * load<f64>(sum + i)));
      o += rowBytes;
    }
  }
}
