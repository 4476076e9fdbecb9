// AssemblyScript source of the wasm backend's kernels (compiled by
// `deno task build:wasm`). Every argument is a byte offset into the shared
// linear memory or a count. Sums run in float64, two lanes per SIMD op.

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
