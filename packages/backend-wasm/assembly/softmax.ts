// Column-wise softmax with a polynomial exp (AssemblyScript's Math.exp
// would bring a lookup table, and the kernels may have no static data).
// The polynomial's constants are read from memory (written once by
// writeExpConstants) into locals before the loop: V8 rebuilds a v128
// constant every time a loop uses it, which made softmax ~30% slower.

/** Stores exp4's twelve constants (48 bytes) at `at`, for softmax to read. */
export function writeExpConstants(at: usize): void {
  store<f32>(at, -87.0); // below this, exp gives 0
  store<f32>(at, 1.44269504088896341, 4); // log2(e)
  store<f32>(at, 0.693359375, 8); // ln 2, high part
  store<f32>(at, -2.12194440e-4, 12); // ln 2, low part
  store<f32>(at, 1.9875691500e-4, 16); // the Cephes expf polynomial
  store<f32>(at, 1.3981999507e-3, 20);
  store<f32>(at, 8.3334519073e-3, 24);
  store<f32>(at, 4.1665795894e-2, 28);
  store<f32>(at, 1.6666665459e-1, 32);
  store<f32>(at, 5.0000001201e-1, 36);
  store<f32>(at, 1, 40);
  store<i32>(at, 127, 44); // the exponent bias
}

/**
 * exp(x) on four lanes for x ≤ 0 (softmax's shifted logits): x = n·ln2 + r
 * with |r| ≤ ln2/2, exp(r) by the Cephes expf polynomial, 2ⁿ built in the
 * exponent bits. Relative error about 1e-7; x below −87 gives 0.
 */
// @ts-ignore: decorator
@inline
function exp4(
  x: v128,
  min: v128,
  log2e: v128,
  ln2Hi: v128,
  ln2Lo: v128,
  p0: v128,
  p1: v128,
  p2: v128,
  p3: v128,
  p4: v128,
  p5: v128,
  one: v128,
  bias: v128,
): v128 {
  const tiny = f32x4.lt(x, min);
  const clamped = f32x4.pmax(x, min);
  const n = f32x4.nearest(f32x4.mul(clamped, log2e));
  let r = f32x4.sub(clamped, f32x4.mul(n, ln2Hi));
  r = f32x4.sub(r, f32x4.mul(n, ln2Lo));
  let p = f32x4.add(f32x4.mul(p0, r), p1);
  p = f32x4.add(f32x4.mul(p, r), p2);
  p = f32x4.add(f32x4.mul(p, r), p3);
  p = f32x4.add(f32x4.mul(p, r), p4);
  p = f32x4.add(f32x4.mul(p, r), p5);
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), one);
  const power = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), bias), 23);
  return v128.bitselect(i32x4.splat(0), f32x4.mul(p, power), tiny);
}

/**
 * Column-wise softmax of a rows x cols f32 matrix, for columns j in
 * [j0, j1), each column shifted by its maximum (so every exponent is ≤ 0),
 * four columns per SIMD op. `constants` is where writeExpConstants wrote.
 */
export function softmax(
  z: usize,
  out: usize,
  rows: i32,
  cols: i32,
  j0: i32,
  j1: i32,
  constants: usize,
): void {
  const min = v128.load32_splat(constants);
  const log2e = v128.load32_splat(constants, 4);
  const ln2Hi = v128.load32_splat(constants, 8);
  const ln2Lo = v128.load32_splat(constants, 12);
  const p0 = v128.load32_splat(constants, 16);
  const p1 = v128.load32_splat(constants, 20);
  const p2 = v128.load32_splat(constants, 24);
  const p3 = v128.load32_splat(constants, 28);
  const p4 = v128.load32_splat(constants, 32);
  const p5 = v128.load32_splat(constants, 36);
  const one = v128.load32_splat(constants, 40);
  const bias = v128.load32_splat(constants, 44);
  const rowBytes = <usize>cols << 2;
  const end = <usize>j1 << 2;
  let j: usize = <usize>j0 << 2;
  for (; j + 16 <= end; j += 16) {
    let max = v128.load(z + j);
    for (let i = 1; i < rows; i++) max = f32x4.pmax(max, v128.load(z + <usize>i * rowBytes + j));
    let sum = i32x4.splat(0);
    for (let i = 0; i < rows; i++) {
      const at = <usize>i * rowBytes + j;
      const x = f32x4.sub(v128.load(z + at), max);
      const e = exp4(x, min, log2e, ln2Hi, ln2Lo, p0, p1, p2, p3, p4, p5, one, bias);
      v128.store(out + at, e);
      sum = f32x4.add(sum, e);
    }
    const inverse = f32x4.div(one, sum);
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
      const x = f32x4.splat(load<f32>(z + at) - max);
      const e = f32x4.extract_lane(
        exp4(x, min, log2e, ln2Hi, ln2Lo, p0, p1, p2, p3, p4, p5, one, bias),
        0,
      );
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
