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

/**
 * The n = 10 case of smallTimesWide: the ten rows' sums for four columns
 * stay in ten registers while each row of B is read once (the same sums,
 * in the same order).
 */
export function tenTimesWide(
  A: usize,
  k: i32,
  B: usize,
  p: i32,
  out: usize,
  alpha: f32,
  j0: i32,
  j1: i32,
): void {
  const rowBytes = <usize>p << 2;
  const kBytes = <usize>k << 2;
  const scale = f32x4.splat(alpha);
  let j = j0;
  for (; j + 4 <= j1; j += 4) {
    const column = <usize>j << 2;
    let s0 = f32x4.splat(0);
    let s1 = f32x4.splat(0);
    let s2 = f32x4.splat(0);
    let s3 = f32x4.splat(0);
    let s4 = f32x4.splat(0);
    let s5 = f32x4.splat(0);
    let s6 = f32x4.splat(0);
    let s7 = f32x4.splat(0);
    let s8 = f32x4.splat(0);
    let s9 = f32x4.splat(0);
    let b = B + column;
    for (let a = A; a < A + kBytes; a += 4) {
      const x = v128.load(b);
      b += rowBytes;
      s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(a), x));
      s1 = f32x4.add(s1, f32x4.mul(v128.load32_splat(a + kBytes), x));
      s2 = f32x4.add(s2, f32x4.mul(v128.load32_splat(a + 2 * kBytes), x));
      s3 = f32x4.add(s3, f32x4.mul(v128.load32_splat(a + 3 * kBytes), x));
      s4 = f32x4.add(s4, f32x4.mul(v128.load32_splat(a + 4 * kBytes), x));
      s5 = f32x4.add(s5, f32x4.mul(v128.load32_splat(a + 5 * kBytes), x));
      s6 = f32x4.add(s6, f32x4.mul(v128.load32_splat(a + 6 * kBytes), x));
      s7 = f32x4.add(s7, f32x4.mul(v128.load32_splat(a + 7 * kBytes), x));
      s8 = f32x4.add(s8, f32x4.mul(v128.load32_splat(a + 8 * kBytes), x));
      s9 = f32x4.add(s9, f32x4.mul(v128.load32_splat(a + 9 * kBytes), x));
    }
    const o = out + column;
    v128.store(o, f32x4.mul(s0, scale));
    v128.store(o + rowBytes, f32x4.mul(s1, scale));
    v128.store(o + 2 * rowBytes, f32x4.mul(s2, scale));
    v128.store(o + 3 * rowBytes, f32x4.mul(s3, scale));
    v128.store(o + 4 * rowBytes, f32x4.mul(s4, scale));
    v128.store(o + 5 * rowBytes, f32x4.mul(s5, scale));
    v128.store(o + 6 * rowBytes, f32x4.mul(s6, scale));
    v128.store(o + 7 * rowBytes, f32x4.mul(s7, scale));
    v128.store(o + 8 * rowBytes, f32x4.mul(s8, scale));
    v128.store(o + 9 * rowBytes, f32x4.mul(s9, scale));
  }
  if (j < j1) smallTimesWide(A, 10, k, B, p, out, alpha, j, j1);
}

/**
 * The q = 10 case of wideTimesWideTransposed: a row of A is read once for
 * its ten dot products, whose f32 sums over a chunk of 1024 terms stay in
 * ten registers before they are added into f64 (the same chunks as the
 * general kernel).
 */
export function wideTimesWideTransposed10(
  A: usize,
  B: usize,
  m: i32,
  out: usize,
  alpha: f64,
  i0: i32,
  i1: i32,
  sums: usize,
): void {
  const rowBytes = <usize>m << 2;
  const vectorBytes = <usize>(m >> 2) << 4;
  for (let i = i0; i < i1; i++) {
    const a = A + <usize>i * rowBytes;
    memory.fill(sums, 0, 80);
    let e: usize = 0;
    while (e < vectorBytes) {
      const stop = min(e + 4096, vectorBytes);
      let s0 = f32x4.splat(0);
      let s1 = f32x4.splat(0);
      let s2 = f32x4.splat(0);
      let s3 = f32x4.splat(0);
      let s4 = f32x4.splat(0);
      let s5 = f32x4.splat(0);
      let s6 = f32x4.splat(0);
      let s7 = f32x4.splat(0);
      let s8 = f32x4.splat(0);
      let s9 = f32x4.splat(0);
      for (; e < stop; e += 16) {
        const x = v128.load(a + e);
        const b = B + e;
        s0 = f32x4.add(s0, f32x4.mul(x, v128.load(b)));
        s1 = f32x4.add(s1, f32x4.mul(x, v128.load(b + rowBytes)));
        s2 = f32x4.add(s2, f32x4.mul(x, v128.load(b + 2 * rowBytes)));
        s3 = f32x4.add(s3, f32x4.mul(x, v128.load(b + 3 * rowBytes)));
        s4 = f32x4.add(s4, f32x4.mul(x, v128.load(b + 4 * rowBytes)));
        s5 = f32x4.add(s5, f32x4.mul(x, v128.load(b + 5 * rowBytes)));
        s6 = f32x4.add(s6, f32x4.mul(x, v128.load(b + 6 * rowBytes)));
        s7 = f32x4.add(s7, f32x4.mul(x, v128.load(b + 7 * rowBytes)));
        s8 = f32x4.add(s8, f32x4.mul(x, v128.load(b + 8 * rowBytes)));
        s9 = f32x4.add(s9, f32x4.mul(x, v128.load(b + 9 * rowBytes)));
      }
      addLanes(sums, s0);
      addLanes(sums + 8, s1);
      addLanes(sums + 16, s2);
      addLanes(sums + 24, s3);
      addLanes(sums + 32, s4);
      addLanes(sums + 40, s5);
      addLanes(sums + 48, s6);
      addLanes(sums + 56, s7);
      addLanes(sums + 64, s8);
      addLanes(sums + 72, s9);
    }
    for (let r: usize = 0; r < 10; r++) {
      let sum = load<f64>(sums + (r << 3));
      const b = B + r * rowBytes;
      for (let t = e; t < rowBytes; t += 4) sum += <f64>load<f32>(a + t) * <f64>load<f32>(b + t);
      store<f32>(out + ((<usize>i * 10 + r) << 2), <f32>(alpha * sum));
    }
  }
}

/** *at += the sum of the four lanes, in f64 (as wideTimesWideTransposed adds them). */
// @ts-ignore: decorator
@inline
function addLanes(at: usize, s: v128): void {
  store<f64>(
    at,
    load<f64>(at) + (<f64>f32x4.extract_lane(s, 0) + <f64>f32x4.extract_lane(s, 1) +
      <f64>f32x4.extract_lane(s, 2) + <f64>f32x4.extract_lane(s, 3)),
  );
}
