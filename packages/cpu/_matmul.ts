import type { Float32Matrix } from "./float32_ops.ts";

/**
 * `out = alpha · op(a) · op(b)` on plain arrays, accumulating in float64.
 *
 * The loop order follows the memory: when `b` is read along its rows, the
 * inner loop walks a row of `b` (`i, k, j`) and skips zero entries of `a`;
 * when `b` is transposed, each output is a dot product of two contiguous rows
 * (`i, j, k`). Shapes are checked by the caller;
 * `scratch` is a float64 buffer of at least `n · p` entries.
 */
export function matmulInto(
  a: Float32Matrix,
  b: Float32Matrix,
  out: Float32Matrix,
  transposeA: boolean,
  transposeB: boolean,
  alpha: number,
  scratch: Float64Array,
): void {
  const n = out.rows;
  const p = out.cols;
  const inner = transposeA ? a.rows : a.cols;
  // a(i, k) = A[i·rowStride + k·colStride], whichever way a is stored.
  const aRow = transposeA ? 1 : a.cols;
  const aCol = transposeA ? a.cols : 1;
  const A = a.data;
  const B = b.data;
  const acc = scratch.subarray(0, n * p);
  acc.fill(0);

  if (!transposeB) {
    for (let i = 0; i < n; i++) {
      const accRow = i * p;
      for (let k = 0; k < inner; k++) {
        const aik = A[i * aRow + k * aCol];
        if (aik === 0) continue;
        const bRow = k * p;
        for (let j = 0; j < p; j++) acc[accRow + j] += aik * B[bRow + j];
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        const bRow = j * inner;
        let sum = 0;
        for (let k = 0; k < inner; k++) sum += A[i * aRow + k * aCol] * B[bRow + k];
        acc[i * p + j] = sum;
      }
    }
  }

  const C = out.data;
  for (let e = 0; e < n * p; e++) C[e] = alpha * acc[e];
}
