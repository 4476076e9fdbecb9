// The element-wise and row-wise ops, four f32 lanes per SIMD op.

/** out = z where z > 0, else 0 (NaN and -0 give 0), for the f32 elements [from, to). */
export function relu(z: usize, out: usize, from: i32, to: i32): void {
  const zero = f32x4.splat(0);
  const end = <usize>to << 2;
  let e = <usize>from << 2;
  for (; e + 16 <= end; e += 16) {
    const v = v128.load(z + e);
    v128.store(out + e, v128.bitselect(v, zero, f32x4.gt(v, zero)));
  }
  for (; e < end; e += 4) {
    const v = load<f32>(z + e);
    store<f32>(out + e, v > 0 ? v : 0);
  }
}

/** out = grad where z > 0, else 0, for the f32 elements [from, to). */
export function reluMask(grad: usize, z: usize, out: usize, from: i32, to: i32): void {
  const zero = f32x4.splat(0);
  const end = <usize>to << 2;
  let e = <usize>from << 2;
  for (; e + 16 <= end; e += 16) {
    const mask = f32x4.gt(v128.load(z + e), zero);
    v128.store(out + e, v128.bitselect(v128.load(grad + e), zero, mask));
  }
  for (; e < end; e += 4) {
    store<f32>(out + e, load<f32>(z + e) > 0 ? load<f32>(grad + e) : 0);
  }
}

/** out[i][j] = x[i][j] + bias[i] for rows i in [i0, i1) of a rows x cols f32 matrix. */
export function addBias(x: usize, bias: usize, out: usize, cols: i32, i0: i32, i1: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let i = i0; i < i1; i++) {
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

/**
 * out[i] = scale · Σⱼ x[i][j] for rows i in [i0, i1) of a rows x cols f32
 * matrix: four f32 lanes over chunks of 1024 terms, each chunk added in f64.
 */
export function rowSum(x: usize, out: usize, cols: i32, scale: f64, i0: i32, i1: i32): void {
  const rowBytes = <usize>cols << 2;
  const vectorBytes = <usize>(cols >> 2) << 4;
  for (let i = i0; i < i1; i++) {
    const row = x + <usize>i * rowBytes;
    let sum: f64 = 0;
    let e: usize = 0;
    while (e < vectorBytes) {
      const stop = min(e + 4096, vectorBytes);
      let acc = f32x4.splat(0);
      for (; e < stop; e += 16) acc = f32x4.add(acc, v128.load(row + e));
      sum += <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1) +
        <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
    }
    for (; e < rowBytes; e += 4) sum += <f64>load<f32>(row + e);
    store<f32>(out + (<usize>i << 2), <f32>(scale * sum));
  }
}

/**
 * out[j] = the first row i holding column j's largest value, for columns j
 * in [j0, j1) of a rows x cols f32 matrix, four columns per SIMD op.
 */
export function argmax(x: usize, out: usize, rows: i32, cols: i32, j0: i32, j1: i32): void {
  const rowBytes = <usize>cols << 2;
  const end = <usize>j1 << 2;
  let j = <usize>j0 << 2;
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
 * out = alpha · x + beta · y for the f32 elements [from, to), computed in
 * f64 and rounded once (as @simple-mnist/backend-js computes it).
 */
export function axpby(
  alpha: f64,
  x: usize,
  beta: f64,
  y: usize,
  out: usize,
  from: i32,
  to: i32,
): void {
  const a = f64x2.splat(alpha);
  const b = f64x2.splat(beta);
  const end = <usize>to << 2;
  let e = <usize>from << 2;
  for (; e + 16 <= end; e += 16) {
    const u = v128.load(x + e);
    const v = v128.load(y + e);
    const low = f64x2.add(
      f64x2.mul(f64x2.promote_low_f32x4(u), a),
      f64x2.mul(f64x2.promote_low_f32x4(v), b),
    );
    const high = f64x2.add(
      f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<u32>(u, u, 2, 3, 0, 1)), a),
      f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<u32>(v, v, 2, 3, 0, 1)), b),
    );
    v128.store(
      out + e,
      v128.shuffle<u32>(f32x4.demote_f64x2_zero(low), f32x4.demote_f64x2_zero(high), 0, 1, 4, 5),
    );
  }
  for (; e < end; e += 4) {
    store<f32>(out + e, <f32>(alpha * <f64>load<f32>(x + e) + beta * <f64>load<f32>(y + e)));
  }
}

/** out[e] = a[e] · b[e] for e in [from, to): the product of two float32 is exact in float64, so f32 multiplication rounds as backend-js does. */
export function mul(a: usize, b: usize, out: usize, from: i32, to: i32): void {
  const end = <usize>to << 2;
  let e = <usize>from << 2;
  for (; e + 16 <= end; e += 16) {
    v128.store(out + e, f32x4.mul(v128.load(a + e), v128.load(b + e)));
  }
  for (; e < end; e += 4) store<f32>(out + e, load<f32>(a + e) * load<f32>(b + e));
}

/** out[e] = a[e] / (√v[e] + epsilon) for e in [from, to), in float64 rounded once, as backend-js. */
export function divSqrt(a: usize, v: usize, epsilon: f64, out: usize, from: i32, to: i32): void {
  const eps = f64x2.splat(epsilon);
  const end = <usize>to << 2;
  let e = <usize>from << 2;
  for (; e + 16 <= end; e += 16) {
    const x = v128.load(a + e);
    const y = v128.load(v + e);
    const low = f64x2.div(
      f64x2.promote_low_f32x4(x),
      f64x2.add(f64x2.sqrt(f64x2.promote_low_f32x4(y)), eps),
    );
    const high = f64x2.div(
      f64x2.promote_low_f32x4(v128.shuffle<u32>(x, x, 2, 3, 0, 1)),
      f64x2.add(f64x2.sqrt(f64x2.promote_low_f32x4(v128.shuffle<u32>(y, y, 2, 3, 0, 1))), eps),
    );
    v128.store(
      out + e,
      v128.shuffle<u32>(f32x4.demote_f64x2_zero(low), f32x4.demote_f64x2_zero(high), 0, 1, 4, 5),
    );
  }
  for (; e < end; e += 4) {
    store<f32>(
      out + e,
      <f32>(<f64>load<f32>(a + e) / (Math.sqrt(<f64>load<f32>(v + e)) + epsilon)),
    );
  }
}
