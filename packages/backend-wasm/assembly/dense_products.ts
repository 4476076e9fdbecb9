// Products of dense f32 matrices: the hidden layer's small ones (10 x 10
// against 10 x m, and the gradient of W2, a sum over the samples).

/**
 * out = alpha · A·B for a small contiguous f32 A (n x k) and a wide
 * row-major f32 B (k x p): four columns per SIMD op, for columns [j0, j1).
 * The k-term sums run in f32: k is small (the hidden layer's width).
 */
export function smallTimesWide(
  A: usize,
  n: i32,
  k: i32,
  B: usize,
  p: i32,
  out: usize,
  alpha: f32,
  j0: i32,
  j1: i32,
): void {
  const rowBytes = <usize>p << 2;
  const scale = f32x4.splat(alpha);
  let j = j0;
  for (; j + 4 <= j1; j += 4) {
    const column = <usize>j << 2;
    for (let i = 0; i < n; i++) {
      let acc = f32x4.splat(0);
      let b = B + column;
      const a = A + ((<usize>i * <usize>k) << 2);
      for (let kk: usize = 0; kk < <usize>k; kk++) {
        acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(a + (kk << 2)), v128.load(b)));
        b += rowBytes;
      }
      v128.store(out + <usize>i * rowBytes + column, f32x4.mul(acc, scale));
    }
  }
  for (; j < j1; j++) {
    for (let i = 0; i < n; i++) {
      let acc: f32 = 0;
      for (let kk = 0; kk < k; kk++) {
        acc += load<f32>(A + ((<usize>(i * k + kk)) << 2)) *
          load<f32>(B + ((<usize>kk * <usize>p + <usize>j) << 2));
      }
      store<f32>(out + ((<usize>i * <usize>p + <usize>j) << 2), alpha * acc);
    }
  }
}

/**
 * out(i, r) = alpha · Σⱼ A(i, j)·B(r, j) for rows i in [i0, i1): the
 * product A·Bᵀ of two wide row-major f32 matrices (n x m and q x m), as dot
 * products of rows: four f32 lanes over chunks of 1024 terms, each chunk's
 * sum added in f64.
 */
export function wideTimesWideTransposed(
  A: usize,
  B: usize,
  q: i32,
  m: i32,
  out: usize,
  alpha: f64,
  i0: i32,
  i1: i32,
): void {
  const rowBytes = <usize>m << 2;
  const vectorBytes = <usize>(m >> 2) << 4;
  for (let i = i0; i < i1; i++) {
    const a = A + <usize>i * rowBytes;
    for (let r = 0; r < q; r++) {
      const b = B + <usize>r * rowBytes;
      let sum: f64 = 0;
      let e: usize = 0;
      while (e < vectorBytes) {
        const stop = min(e + 4096, vectorBytes);
        let acc = f32x4.splat(0);
        for (; e < stop; e += 16) acc = f32x4.add(acc, f32x4.mul(v128.load(a + e), v128.load(b + e)));
        sum += <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1) +
          <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
      }
      for (; e < rowBytes; e += 4) sum += <f64>load<f32>(a + e) * <f64>load<f32>(b + e);
      store<f32>(out + ((<usize>i * <usize>q + <usize>r) << 2), <f32>(alpha * sum));
    }
  }
}
