// Column-wise softmax with a polynomial exp (AssemblyScript's Math.exp
// would bring a lookup table, and the kernels may have no static data).

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
export function softmax(z: usize, out: usize, rows: i32, cols: i32, j0: i32, j1: i32): void {
  const rowBytes = <usize>cols << 2;
  const end = <usize>j1 << 2;
  let j: usize = <usize>j0 << 2;
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
