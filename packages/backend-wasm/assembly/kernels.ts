// AssemblyScript source of the wasm backend's kernels (compiled by
// `deno task build:wasm`). Every argument is a byte offset into the shared
// linear memory or a count. Long sums run in float64 (two lanes per SIMD
// op); the n = 10 kernels at the end use float32 lanes where that is safe.
// No kernel may need static data (tables, strings): the backend owns the
// whole memory, and build.ts refuses a module with a data segment.

/**
 * out(i, j) = alpha · Σ At[k·n + i] · v over the nonzeros (k, v) of column
 * j of a sparse matrix, for columns j in [j0, j1). `At` is f64, `inner x n`;
 * `acc` is f64 scratch of n (used when n is not 10). `out` is f32 with the
 * given element strides.
 */
export function sparseProduct(
  At: usize,
  n: i32,
  columnStart: usize,
  rowIndex: usize,
  values: usize,
  out: usize,
  outRowStride: i32,
  outColStride: i32,
  alpha: f64,
  j0: i32,
  j1: i32,
  acc: usize,
): void {
  const rowBytes = <usize>outRowStride << 2;
  if (n == 10) {
    for (let j = j0; j < j1; j++) {
      let s0 = f64x2.splat(0);
      let s1 = f64x2.splat(0);
      let s2 = f64x2.splat(0);
      let s3 = f64x2.splat(0);
      let s4 = f64x2.splat(0);
      const end = load<u32>(columnStart + ((<usize>j + 1) << 2));
      for (let e = load<u32>(columnStart + (<usize>j << 2)); e < end; e++) {
        const v = f64x2.splat(<f64>load<f32>(values + (<usize>e << 2)));
        const b = At + <usize>load<u16>(rowIndex + (<usize>e << 1)) * 80;
        s0 = f64x2.add(s0, f64x2.mul(v128.load(b), v));
        s1 = f64x2.add(s1, f64x2.mul(v128.load(b, 16), v));
        s2 = f64x2.add(s2, f64x2.mul(v128.load(b, 32), v));
        s3 = f64x2.add(s3, f64x2.mul(v128.load(b, 48), v));
        s4 = f64x2.add(s4, f64x2.mul(v128.load(b, 64), v));
      }
      let o = out + ((<usize>j * <usize>outColStride) << 2);
      store<f32>(o, <f32>(alpha * f64x2.extract_lane(s0, 0)));
      o += rowBytes;
      store<f32>(o, <f32>(alpha * f64x2.extract_lane(s0, 1)));
      o += rowBytes;
      store<f32>(o, <f32>(alpha * f64x2.extract_lane(s1, 0)));
      o += rowBytes;
      store<f32>(o, <f32>(alpha * f64x2.extract_lane(s1, 1)));
      o += rowBytes;
      store<f32>(o, <f32>(alpha * f64x2.extract_lane(s2, 0)));
      o += rowBytes;
      store<f32>(o, <f32>(alpha * f64x2.extract_lane(s2, 1)));
      o += rowBytes;
      store<f32>(o, <f32>(alpha * f64x2.extract_lane(s3, 0)));
      o += rowBytes;
      store<f32>(o, <f32>(alpha * f64x2.extract_lane(s3, 1)));
      o += rowBytes;
      store<f32>(o, <f32>(alpha * f64x2.extract_lane(s4, 0)));
      o += rowBytes;
      store<f32>(o, <f32>(alpha * f64x2.extract_lane(s4, 1)));
    }
    return;
  }
  const nBytes = <usize>n << 3;
  for (let j = j0; j < j1; j++) {
    memory.fill(acc, 0, nBytes);
    const end = load<u32>(columnStart + ((<usize>j + 1) << 2));
    for (let e = load<u32>(columnStart + (<usize>j << 2)); e < end; e++) {
      const v = <f64>load<f32>(values + (<usize>e << 2));
      const b = At + <usize>load<u16>(rowIndex + (<usize>e << 1)) * nBytes;
      for (let i: usize = 0; i < nBytes; i += 8) {
        store<f64>(acc + i, load<f64>(acc + i) + load<f64>(b + i) * v);
      }
    }
    let o = out + ((<usize>j * <usize>outColStride) << 2);
    for (let i: usize = 0; i < nBytes; i += 8) {
      store<f32>(o, <f32>(alpha * load<f64>(acc + i)));
      o += rowBytes;
    }
  }
}

/**
 * outT[k·n + i] += A(i, j) · v over the nonzeros (k, v) of column j of a
 * sparse matrix, for columns j in [j0, j1): the product A·Bᵀ accumulated
 * transposed. `A` is f32 with the given element strides; `outT` is f64,
 * `rows(B) x n`; `a` is f64 scratch of n (used when n is not 10).
 */
export function sparseProductTransposed(
  A: usize,
  aRowStride: i32,
  aColStride: i32,
  n: i32,
  columnStart: usize,
  rowIndex: usize,
  values: usize,
  outT: usize,
  j0: i32,
  j1: i32,
  a: usize,
): void {
  const rowBytes = <usize>aRowStride << 2;
  if (n == 10) {
    for (let j = j0; j < j1; j++) {
      let p = A + ((<usize>j * <usize>aColStride) << 2);
      const a0 = <f64>load<f32>(p);
      const a1 = <f64>load<f32>(p + rowBytes);
      p += rowBytes << 1;
      const a2 = <f64>load<f32>(p);
      const a3 = <f64>load<f32>(p + rowBytes);
      p += rowBytes << 1;
      const a4 = <f64>load<f32>(p);
      const a5 = <f64>load<f32>(p + rowBytes);
      p += rowBytes << 1;
      const a6 = <f64>load<f32>(p);
      const a7 = <f64>load<f32>(p + rowBytes);
      p += rowBytes << 1;
      const a8 = <f64>load<f32>(p);
      const a9 = <f64>load<f32>(p + rowBytes);
      if (
        a0 == 0 && a1 == 0 && a2 == 0 && a3 == 0 && a4 == 0 && a5 == 0 && a6 == 0 &&
        a7 == 0 && a8 == 0 && a9 == 0
      ) continue;
      const d0 = f64x2(a0, a1);
      const d1 = f64x2(a2, a3);
      const d2 = f64x2(a4, a5);
      const d3 = f64x2(a6, a7);
      const d4 = f64x2(a8, a9);
      const end = load<u32>(columnStart + ((<usize>j + 1) << 2));
      for (let e = load<u32>(columnStart + (<usize>j << 2)); e < end; e++) {
        const v = f64x2.splat(<f64>load<f32>(values + (<usize>e << 2)));
        const b = outT + <usize>load<u16>(rowIndex + (<usize>e << 1)) * 80;
        v128.store(b, f64x2.add(v128.load(b), f64x2.mul(d0, v)));
        v128.store(b, f64x2.add(v128.load(b, 16), f64x2.mul(d1, v)), 16);
        v128.store(b, f64x2.add(v128.load(b, 32), f64x2.mul(d2, v)), 32);
        v128.store(b, f64x2.add(v128.load(b, 48), f64x2.mul(d3, v)), 48);
        v128.store(b, f64x2.add(v128.load(b, 64), f64x2.mul(d4, v)), 64);
      }
    }
    return;
  }
  const nBytes = <usize>n << 3;
  for (let j = j0; j < j1; j++) {
    let p = A + ((<usize>j * <usize>aColStride) << 2);
    let any = false;
    for (let i: usize = 0; i < nBytes; i += 8) {
      const x = <f64>load<f32>(p);
      store<f64>(a + i, x);
      if (x != 0) any = true;
      p += rowBytes;
    }
    if (!any) continue;
    const end = load<u32>(columnStart + ((<usize>j + 1) << 2));
    for (let e = load<u32>(columnStart + (<usize>j << 2)); e < end; e++) {
      const v = <f64>load<f32>(values + (<usize>e << 2));
      const b = outT + <usize>load<u16>(rowIndex + (<usize>e << 1)) * nBytes;
      for (let i: usize = 0; i < nBytes; i += 8) {
        store<f64>(b + i, load<f64>(b + i) + load<f64>(a + i) * v);
      }
    }
  }
}

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
        acc = f32x4.add(acc, f32x4.mul(f32x4.splat(load<f32>(a + (kk << 2))), v128.load(b)));
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
 * out(i, r) = alpha · Σⱼ A(i, j)·B(r, j): the product A·Bᵀ of two wide
 * row-major f32 matrices (n x m and q x m), as dot products of rows summed
 * in f64, two terms per SIMD op.
 */
export function wideTimesWideTransposed(
  A: usize,
  n: i32,
  B: usize,
  q: i32,
  m: i32,
  out: usize,
  alpha: f64,
): void {
  const rowBytes = <usize>m << 2;
  const pairs = <usize>(m >> 1) << 3;
  for (let i = 0; i < n; i++) {
    const a = A + <usize>i * rowBytes;
    for (let r = 0; r < q; r++) {
      const b = B + <usize>r * rowBytes;
      let acc = f64x2.splat(0);
      for (let e: usize = 0; e < pairs; e += 8) {
        const x = f64x2.promote_low_f32x4(v128.load64_zero(a + e));
        const y = f64x2.promote_low_f32x4(v128.load64_zero(b + e));
        acc = f64x2.add(acc, f64x2.mul(x, y));
      }
      let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
      if (m & 1) sum += <f64>load<f32>(a + rowBytes - 4) * <f64>load<f32>(b + rowBytes - 4);
      store<f32>(out + ((<usize>i * <usize>q + <usize>r) << 2), <f32>(alpha * sum));
    }
  }
}

/** out = z where z > 0, else 0 (NaN and -0 give 0), over `length` f32 values. */
export function relu(z: usize, out: usize, length: i32): void {
  const zero = f32x4.splat(0);
  const end = <usize>length << 2;
  let e: usize = 0;
  for (; e + 16 <= end; e += 16) {
    const v = v128.load(z + e);
    v128.store(out + e, v128.bitselect(v, zero, f32x4.gt(v, zero)));
  }
  for (; e < end; e += 4) {
    const v = load<f32>(z + e);
    store<f32>(out + e, v > 0 ? v : 0);
  }
}

/** out = grad where z > 0, else 0, over `length` f32 values. */
export function reluMask(grad: usize, z: usize, out: usize, length: i32): void {
  const zero = f32x4.splat(0);
  const end = <usize>length << 2;
  let e: usize = 0;
  for (; e + 16 <= end; e += 16) {
    const mask = f32x4.gt(v128.load(z + e), zero);
    v128.store(out + e, v128.bitselect(v128.load(grad + e), zero, mask));
  }
  for (; e < end; e += 4) {
    store<f32>(out + e, load<f32>(z + e) > 0 ? load<f32>(grad + e) : 0);
  }
}

/** out[i][j] = x[i][j] + bias[i] for a rows x cols f32 matrix. */
export function addBias(x: usize, bias: usize, out: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let i = 0; i < rows; i++) {
    const b = load<f32>(bias + (<usize>i << 2));
    const bv = f32x4.splat(b);
    const base = <usize>i * rowBytes;
    let e: usize = 0;
    for (; e + 16 <= rowBytes; e += 16) {
      v128.store(out + base + e, f32x4.add(v128.load(x + base + e), bv));
    }
    for (; e < rowBytes; e += 4) store<f32>(out + base + e, load<f32>(x + base + e) + b);
  }
}

/** out[i] = scale · Σⱼ x[i][j], summed in f64, for a rows x cols f32 matrix. */
export function rowSum(x: usize, out: usize, rows: i32, cols: i32, scale: f64): void {
  const rowBytes = <usize>cols << 2;
  const pairs = <usize>(cols >> 1) << 3;
  for (let i = 0; i < rows; i++) {
    const row = x + <usize>i * rowBytes;
    let acc = f64x2.splat(0);
    for (let e: usize = 0; e < pairs; e += 8) {
      acc = f64x2.add(acc, f64x2.promote_low_f32x4(v128.load64_zero(row + e)));
    }
    let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    if (cols & 1) sum += <f64>load<f32>(row + rowBytes - 4);
    store<f32>(out + (<usize>i << 2), <f32>(scale * sum));
  }
}

/**
 * out[j] = the first row i holding column j's largest value, for a
 * rows x cols f32 matrix, four columns per SIMD op.
 */
export function argmax(x: usize, out: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  let j: usize = 0;
  const end = <usize>cols << 2;
  for (; j + 16 <= end; j += 16) {
    let best = v128.load(x + j);
    let index = f32x4.splat(0);
    for (let i = 1; i < rows; i++) {
      const v = v128.load(x + <usize>i * rowBytes + j);
      const greater = f32x4.gt(v, best);
      best = v128.bitselect(v, best, greater);
      index = v128.bitselect(f32x4.splat(<f32>i), index, greater);
    }
    v128.store(out + j, index);
  }
  for (; j < end; j += 4) {
    let best = load<f32>(x + j);
    let index = 0;
    for (let i = 1; i < rows; i++) {
      const v = load<f32>(x + <usize>i * rowBytes + j);
      if (v > best) {
        best = v;
        index = i;
      }
    }
    store<f32>(out + j, <f32>index);
  }
}

/**
 * exp(x) on four lanes for x ≤ 0 (softmax's shifted logits): x = n·ln2 + r
 * with |r| ≤ ln2/2, exp(r) by the Cephes expf polynomial, 2ⁿ built in the
 * exponent bits. Relative error about 1e-7; x below −87 gives 0.
 */
// @ts-ignore: decorator
@inline
function exp4(x: v128): v128 {
  const tiny = f32x4.lt(x, f32x4.splat(-87.0));
  const clamped = f32x4.pmax(x, f32x4.splat(-87.0));
  const n = f32x4.nearest(f32x4.mul(clamped, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(clamped, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  const power = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return v128.bitselect(f32x4.splat(0), f32x4.mul(p, power), tiny);
}

/**
 * Column-wise softmax of a rows x cols f32 matrix, each column shifted by
 * its maximum (so every exponent is ≤ 0), four columns per SIMD op.
 */
export function softmax(z: usize, out: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  const end = <usize>cols << 2;
  let j: usize = 0;
  for (; j + 16 <= end; j += 16) {
    let max = v128.load(z + j);
    for (let i = 1; i < rows; i++) max = f32x4.pmax(max, v128.load(z + <usize>i * rowBytes + j));
    let sum = f32x4.splat(0);
    for (let i = 0; i < rows; i++) {
      const at = <usize>i * rowBytes + j;
      const e = exp4(f32x4.sub(v128.load(z + at), max));
      v128.store(out + at, e);
      sum = f32x4.add(sum, e);
    }
    const inverse = f32x4.div(f32x4.splat(1), sum);
    for (let i = 0; i < rows; i++) {
      const at = out + <usize>i * rowBytes + j;
      v128.store(at, f32x4.mul(v128.load(at), inverse));
    }
  }
  // The last columns, one at a time (lane 0 of the same arithmetic).
  for (; j < end; j += 4) {
    let max = load<f32>(z + j);
    for (let i = 1; i < rows; i++) {
      const v = load<f32>(z + <usize>i * rowBytes + j);
      if (v > max) max = v;
    }
    let sum: f32 = 0;
    for (let i = 0; i < rows; i++) {
      const at = <usize>i * rowBytes + j;
      const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(z + at) - max)), 0);
      store<f32>(out + at, e);
      sum += e;
    }
    const inverse: f32 = 1 / sum;
    for (let i = 0; i < rows; i++) {
      const at = out + <usize>i * rowBytes + j;
      store<f32>(at, load<f32>(at) * inverse);
    }
  }
}

/**
 * The n = 10 case of sparseProduct with float32 lanes: `At` is f32,
 * `inner x 12` (two lanes of padding), and each column's ten sums run in
 * three f32x4 registers. Used for the forward product, whose sums have only
 * as many terms as an image has nonzero pixels.
 */
export function sparseProduct10f32(
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
  const rowBytes = <usize>outRowStride << 2;
  const scale = f32x4.splat(alpha);
  for (let j = j0; j < j1; j++) {
    let s0 = f32x4.splat(0);
    let s1 = f32x4.splat(0);
    let s2 = f32x4.splat(0);
    const end = load<u32>(columnStart + ((<usize>j + 1) << 2));
    for (let e = load<u32>(columnStart + (<usize>j << 2)); e < end; e++) {
      const v = f32x4.splat(load<f32>(values + (<usize>e << 2)));
      const b = At + <usize>load<u16>(rowIndex + (<usize>e << 1)) * 48;
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
 * The n = 10 case of sparseProductTransposed with float32 lanes: partial
 * sums over blocks of 512 columns run in a f32 `inner x 12` scratch (three
 * f32x4 per row), and each block is then added into the f64 `outT`
 * (`inner x 10`), so long sums keep float64 accuracy.
 */
export function sparseProductTransposed10f32(
  A: usize,
  aRowStride: i32,
  aColStride: i32,
  columnStart: usize,
  rowIndex: usize,
  values: usize,
  inner: i32,
  outT: usize,
  block: usize,
  j0: i32,
  j1: i32,
): void {
  const rowBytes = <usize>aRowStride << 2;
  const blockBytes = <usize>inner * 48;
  for (let start = j0; start < j1; start += 512) {
    memory.fill(block, 0, blockBytes);
    const stop = min(start + 512, j1);
    for (let j = start; j < stop; j++) {
      const p = A + ((<usize>j * <usize>aColStride) << 2);
      const a0 = load<f32>(p);
      const a1 = load<f32>(p + rowBytes);
      const a2 = load<f32>(p + 2 * rowBytes);
      const a3 = load<f32>(p + 3 * rowBytes);
      const a4 = load<f32>(p + 4 * rowBytes);
      const a5 = load<f32>(p + 5 * rowBytes);
      const a6 = load<f32>(p + 6 * rowBytes);
      const a7 = load<f32>(p + 7 * rowBytes);
      const a8 = load<f32>(p + 8 * rowBytes);
      const a9 = load<f32>(p + 9 * rowBytes);
      if (
        a0 == 0 && a1 == 0 && a2 == 0 && a3 == 0 && a4 == 0 && a5 == 0 && a6 == 0 &&
        a7 == 0 && a8 == 0 && a9 == 0
      ) continue;
      const d0 = f32x4(a0, a1, a2, a3);
      const d1 = f32x4(a4, a5, a6, a7);
      const d2 = f32x4(a8, a9, 0, 0);
      const end = load<u32>(columnStart + ((<usize>j + 1) << 2));
      for (let e = load<u32>(columnStart + (<usize>j << 2)); e < end; e++) {
        const v = f32x4.splat(load<f32>(values + (<usize>e << 2)));
        const b = block + <usize>load<u16>(rowIndex + (<usize>e << 1)) * 48;
        v128.store(b, f32x4.add(v128.load(b), f32x4.mul(d0, v)));
        v128.store(b, f32x4.add(v128.load(b, 16), f32x4.mul(d1, v)), 16);
        v128.store(b, f32x4.add(v128.load(b, 32), f32x4.mul(d2, v)), 32);
      }
    }
    for (let r: usize = 0; r < <usize>inner; r++) {
      const from = block + r * 48;
      const to = outT + r * 80;
      for (let i: usize = 0; i < 10; i++) {
        store<f64>(to + (i << 3), load<f64>(to + (i << 3)) + <f64>load<f32>(from + (i << 2)));
      }
    }
  }
}
