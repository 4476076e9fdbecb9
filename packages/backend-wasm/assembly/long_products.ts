// A·Bᵀ for wide A and B whose rows are long (past 8,192 terms, e.g. a
// convolution's weight gradient dZ·colsᵀ over 576·128 pixels and samples),
// with the sums of wideTimesWideTransposed (dense_products.ts): per pair of
// rows, four f32 lanes over chunks of 1024 terms, each chunk's lanes added
// in f64. Blocked so that each chunk of B is read from memory once for
// every row of A, not once per row: chunk by chunk, tiles of two rows of A
// by four rows of B (eight f32x4 sums, six loads per eight products), the
// f64 sums kept in `sums` between chunks.

/** The sum of the four lanes in f64, in wideTimesWideTransposed's order. */
// @ts-ignore: decorator
@inline
function lanes(s: v128): f64 {
  return <f64>f32x4.extract_lane(s, 0) + <f64>f32x4.extract_lane(s, 1) +
    <f64>f32x4.extract_lane(s, 2) + <f64>f32x4.extract_lane(s, 3);
}

/** *at += x, in f64. */
// @ts-ignore: decorator
@inline
function addTo(at: usize, x: f64): void {
  store<f64>(at, load<f64>(at) + x);
}

/**
 * out(i, r) = alpha · Σⱼ A(i, j)·B(r, j) for rows i in [i0, i1) of A
 * (n x m) and every row r of B (q x m), row-major f32: the same sums,
 * bit for bit, as wideTimesWideTransposed. `sums` is f64 scratch of n·q
 * values; rows [i0, i1) use only theirs, so two threads may share it.
 */
export function wideTimesWideTransposedBlocked(
  A: usize,
  B: usize,
  q: i32,
  m: i32,
  out: usize,
  alpha: f64,
  i0: i32,
  i1: i32,
  sums: usize,
): void {
  const rowBytes = <usize>m << 2;
  const vectorBytes = <usize>(m >> 2) << 4;
  const Q = <usize>q;
  const pairsI = i0 + ((i1 - i0) & ~1);
  const quadsR = Q & ~3;
  memory.fill(sums + <usize>i0 * Q * 8, 0, <usize>(i1 - i0) * Q * 8);
  for (let e0: usize = 0; e0 < vectorBytes; e0 += 4096) {
    const stop = min(e0 + 4096, vectorBytes);
    for (let i = i0; i < i1; i += 2) {
      const two = i < pairsI;
      const a = A + <usize>i * rowBytes;
      const s = sums + <usize>i * Q * 8;
      let r: usize = 0;
      if (two) {
        for (; r < quadsR; r += 4) {
          const b = B + r * rowBytes;
          let s00 = f32x4.splat(0);
          let s01 = f32x4.splat(0);
          let s02 = f32x4.splat(0);
          let s03 = f32x4.splat(0);
          let s10 = f32x4.splat(0);
          let s11 = f32x4.splat(0);
          let s12 = f32x4.splat(0);
          let s13 = f32x4.splat(0);
          for (let e = e0; e < stop; e += 16) {
            const x0 = v128.load(a + e);
            const x1 = v128.load(a + rowBytes + e);
            const y0 = v128.load(b + e);
            const y1 = v128.load(b + rowBytes + e);
            const y2 = v128.load(b + 2 * rowBytes + e);
            const y3 = v128.load(b + 3 * rowBytes + e);
            s00 = f32x4.add(s00, f32x4.mul(x0, y0));
            s01 = f32x4.add(s01, f32x4.mul(x0, y1));
            s02 = f32x4.add(s02, f32x4.mul(x0, y2));
            s03 = f32x4.add(s03, f32x4.mul(x0, y3));
            s10 = f32x4.add(s10, f32x4.mul(x1, y0));
            s11 = f32x4.add(s11, f32x4.mul(x1, y1));
            s12 = f32x4.add(s12, f32x4.mul(x1, y2));
            s13 = f32x4.add(s13, f32x4.mul(x1, y3));
          }
          const t = s + (r << 3);
          addTo(t, lanes(s00));
          addTo(t + 8, lanes(s01));
          addTo(t + 16, lanes(s02));
          addTo(t + 24, lanes(s03));
          addTo(t + Q * 8, lanes(s10));
          addTo(t + Q * 8 + 8, lanes(s11));
          addTo(t + Q * 8 + 16, lanes(s12));
          addTo(t + Q * 8 + 24, lanes(s13));
        }
      }
      // The pairs left: the last rows of B, or every row of B for a last single row of A.
      const rowsA = two ? 2 : 1;
      for (let row = 0; row < rowsA; row++) {
        const ar = a + <usize>row * rowBytes;
        for (let rr = r; rr < Q; rr++) {
          const b = B + rr * rowBytes;
          let acc = f32x4.splat(0);
          for (let e = e0; e < stop; e += 16) {
            acc = f32x4.add(acc, f32x4.mul(v128.load(ar + e), v128.load(b + e)));
          }
          addTo(s + <usize>row * Q * 8 + (rr << 3), lanes(acc));
        }
      }
    }
  }
  for (let i = i0; i < i1; i++) {
    const a = A + <usize>i * rowBytes;
    for (let r: usize = 0; r < Q; r++) {
      const b = B + r * rowBytes;
      let sum = load<f64>(sums + (<usize>i * Q + r) * 8);
      for (let e = vectorBytes; e < rowBytes; e += 4) {
        sum += <f64>load<f32>(a + e) * <f64>load<f32>(b + e);
      }
      store<f32>(out + ((<usize>i * Q + r) << 2), <f32>(alpha * sum));
    }
  }
}
