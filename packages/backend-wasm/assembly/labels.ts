// The ops that read labels (one f32 class index per column): the
// softmax cross-entropy gradient and the loss. Both trust the labels:
// check them first with firstBadLabel.

/**
 * The first column whose label is not an integer in [0, rows), or −1 when
 * all of the `cols` labels are.
 */
export function firstBadLabel(labels: usize, rows: i32, cols: i32): i32 {
  // Four labels at a time: each must survive the round trip through i32
  // and lie in range; the first group that does not is searched one by one.
  const top = i32x4.splat(rows);
  const zero = i32x4.splat(0);
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const label = v128.load(labels + (<usize>j << 2));
    const index = i32x4.trunc_sat_f32x4_s(label);
    const good = v128.and(
      f32x4.eq(f32x4.convert_i32x4_s(index), label),
      v128.and(i32x4.ge_s(index, zero), i32x4.lt_s(index, top)),
    );
    if (!i32x4.all_true(good)) break;
  }
  for (; j < cols; j++) {
    const label = load<f32>(labels + (<usize>j << 2));
    const index = <i32>label;
    if (<f32>index != label || index < 0 || index >= rows) return j;
  }
  return -1;
}

/**
 * out = probs − onehot(labels) for columns j in [j0, j1) of a rows x cols
 * f32 matrix of probabilities, four columns per SIMD op.
 */
export function softmaxCrossEntropyGrad(
  probs: usize,
  labels: usize,
  out: usize,
  rows: i32,
  cols: i32,
  j0: i32,
  j1: i32,
): void {
  const rowBytes = <usize>cols << 2;
  const end = <usize>j1 << 2;
  let j = <usize>j0 << 2;
  for (; j + 16 <= end; j += 16) {
    const label = v128.load(labels + j);
    for (let i = 0; i < rows; i++) {
      const at = <usize>i * rowBytes + j;
      // The comparison gives −1 (all bits) where the label is i: negated
      // and converted, 1.0 there and 0.0 elsewhere, with no v128 constant
      // (V8 rebuilds one at every use in a loop).
      const hot = f32x4.convert_i32x4_s(i32x4.neg(f32x4.eq(label, f32x4.splat(<f32>i))));
      v128.store(out + at, f32x4.sub(v128.load(probs + at), hot));
    }
  }
  for (; j < end; j += 4) {
    const label = load<f32>(labels + j);
    for (let i = 0; i < rows; i++) {
      const at = <usize>i * rowBytes + j;
      store<f32>(out + at, load<f32>(probs + at) - (label == <f32>i ? 1 : 0));
    }
  }
}

/**
 * Π max(probs[label_j][j], floor) over columns j in [j0, j1), kept as a
 * mantissa in [1, 2) (f64 at `result`) and a power of two (f64 at
 * `result + 8`), so that Σ log p = log(mantissa) + power · ln 2 takes one
 * log. (AssemblyScript's Math.log would bring a table.)
 */
export function labelProbabilityProduct(
  probs: usize,
  labels: usize,
  cols: i32,
  floor: f64,
  result: usize,
  j0: i32,
  j1: i32,
): void {
  let product: f64 = 1;
  let power: i32 = 0;
  for (let j = j0; j < j1; j++) {
    const row = <usize>load<f32>(labels + (<usize>j << 2));
    product *= max(<f64>load<f32>(probs + ((row * <usize>cols + <usize>j) << 2)), floor);
    const bits = reinterpret<u64>(product);
    const exponent = <i32>((bits >> 52) & 0x7ff);
    if (exponent != 0 && exponent != 0x7ff) {
      power += exponent - 1023;
      product = reinterpret<f64>((bits & 0x800fffffffffffff) | 0x3ff0000000000000);
    }
  }
  store<f64>(result, product);
  store<f64>(result, <f64>power, 8);
}
