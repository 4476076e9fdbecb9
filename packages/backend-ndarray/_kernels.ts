// Matrix-product kernels over plain typed arrays, shared by the main thread
// and the worker. A strided matrix M is (data, offset, rowStride, colStride):
// M(i, j) = data[offset + i·rowStride + j·colStride]. Sums run in float64.

/** A strided view of a float32 matrix. */
export interface Strided {
  data: Float32Array;
  offset: number;
  rowStride: number;
  colStride: number;
}

/** The compressed-sparse-column arrays of a matrix (see SparseColumns). */
export interface Columns {
  columnStart: Uint32Array;
  rowIndex: Uint16Array;
  values: Float32Array;
}

/**
 * out(i, j) = alpha · Σₖ A(i, k)·B(k, j) for columns j in [j0, j1), with B
 * given by its nonzeros per column. `At` is A transposed into a contiguous
 * `inner x n` array, so each nonzero of B updates n accumulators from n
 * neighbouring values. Each column of B is read once.
 */
export function denseTimesSparse(
  At: Float64Array,
  n: number,
  B: Columns,
  out: Strided,
  alpha: number,
  j0: number,
  j1: number,
  acc: Float64Array,
): void {
  const { columnStart, rowIndex, values } = B;
  const O = out.data;
  if (n === 10) return denseTimesSparse10(At, B, out, alpha, j0, j1);
  for (let j = j0; j < j1; j++) {
    for (let i = 0; i < n; i++) acc[i] = 0;
    const end = columnStart[j + 1];
    for (let e = columnStart[j]; e < end; e++) {
      const v = values[e];
      const base = rowIndex[e] * n;
      for (let i = 0; i < n; i++) acc[i] += At[base + i] * v;
    }
    let o = out.offset + j * out.colStride;
    for (let i = 0; i < n; i++, o += out.rowStride) O[o] = alpha * acc[i];
  }
}

/**
 * outT(k, i) += Σⱼ A(i, j)·B(k, j) over columns j in [j0, j1), with B given
 * by its nonzeros per column: the product A·Bᵀ, accumulated transposed
 * (`inner x n`, contiguous) so each nonzero updates n neighbours. Each
 * column of A and B is read once.
 */
export function denseTimesSparseTransposed(
  A: Strided,
  n: number,
  B: Columns,
  outT: Float64Array,
  j0: number,
  j1: number,
  a: Float64Array,
): void {
  const { columnStart, rowIndex, values } = B;
  const D = A.data;
  if (n === 10) return denseTimesSparseTransposed10(A, B, outT, j0, j1);
  for (let j = j0; j < j1; j++) {
    let skip = true;
    let p = A.offset + j * A.colStride;
    for (let i = 0; i < n; i++, p += A.rowStride) {
      a[i] = D[p];
      if (a[i] !== 0) skip = false;
    }
    if (skip) continue;
    const end = columnStart[j + 1];
    for (let e = columnStart[j]; e < end; e++) {
      const v = values[e];
      const base = rowIndex[e] * n;
      for (let i = 0; i < n; i++) outT[base + i] += a[i] * v;
    }
  }
}

// The seed's shapes have n = 10 (hidden units, classes): these copies keep
// the ten sums in locals (registers) instead of an array, which V8 cannot
// do for a loop of unknown length. Same arithmetic, same order.

function denseTimesSparse10(
  At: Float64Array,
  B: Columns,
  out: Strided,
  alpha: number,
  j0: number,
  j1: number,
): void {
  const { columnStart, rowIndex, values } = B;
  const O = out.data;
  const r = out.rowStride;
  for (let j = j0; j < j1; j++) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, s8 = 0, s9 = 0;
    const end = columnStart[j + 1];
    for (let e = columnStart[j]; e < end; e++) {
      const v = values[e];
      const b = rowIndex[e] * 10;
      s0 += At[b] * v;
      s1 += At[b + 1] * v;
      s2 += At[b + 2] * v;
      s3 += At[b + 3] * v;
      s4 += At[b + 4] * v;
      s5 += At[b + 5] * v;
      s6 += At[b + 6] * v;
      s7 += At[b + 7] * v;
      s8 += At[b + 8] * v;
      s9 += At[b + 9] * v;
    }
    const o = out.offset + j * out.colStride;
    O[o] = alpha * s0;
    O[o + r] = alpha * s1;
    O[o + 2 * r] = alpha * s2;
    O[o + 3 * r] = alpha * s3;
    O[o + 4 * r] = alpha * s4;
    O[o + 5 * r] = alpha * s5;
    O[o + 6 * r] = alpha * s6;
    O[o + 7 * r] = alpha * s7;
    O[o + 8 * r] = alpha * s8;
    O[o + 9 * r] = alpha * s9;
  }
}

function denseTimesSparseTransposed10(
  A: Strided,
  B: Columns,
  outT: Float64Array,
  j0: number,
  j1: number,
): void {
  const { columnStart, rowIndex, values } = B;
  const D = A.data;
  const r = A.rowStride;
  for (let j = j0; j < j1; j++) {
    const p = A.offset + j * A.colStride;
    const a0 = D[p], a1 = D[p + r], a2 = D[p + 2 * r], a3 = D[p + 3 * r], a4 = D[p + 4 * r];
    const a5 = D[p + 5 * r], a6 = D[p + 6 * r], a7 = D[p + 7 * r], a8 = D[p + 8 * r];
    const a9 = D[p + 9 * r];
    // A column of dZ1 is all zero when every hidden unit is off for this sample.
    if (
      a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0 && a4 === 0 && a5 === 0 && a6 === 0 &&
      a7 === 0 && a8 === 0 && a9 === 0
    ) continue;
    const end = columnStart[j + 1];
    for (let e = columnStart[j]; e < end; e++) {
      const v = values[e];
      const b = rowIndex[e] * 10;
      outT[b] += a0 * v;
      outT[b + 1] += a1 * v;
      outT[b + 2] += a2 * v;
      outT[b + 3] += a3 * v;
      outT[b + 4] += a4 * v;
      outT[b + 5] += a5 * v;
      outT[b + 6] += a6 * v;
      outT[b + 7] += a7 * v;
      outT[b + 8] += a8 * v;
      outT[b + 9] += a9 * v;
    }
  }
}

/**
 * out(i, j) = alpha · Σₖ Ap[i·inner + k]·Bt[j·inner + k] for rows i in
 * [i0, i1): a dense product from op(A) packed by rows (`n x inner`) and
 * op(B) packed by columns (`p x inner`), both contiguous float64. Blocks of
 * 2 rows x 4 columns keep eight sums in locals (registers), so each step
 * over k reads six values for eight multiply-adds. `out` is row-major
 * `n x p`.
 */
export function denseTimesDense(
  Ap: Float64Array,
  Bt: Float64Array,
  inner: number,
  p: number,
  out: Float32Array,
  alpha: number,
  i0: number,
  i1: number,
): void {
  let i = i0;
  for (; i + 2 <= i1; i += 2) {
    const a0 = i * inner;
    const a1 = a0 + inner;
    let j = 0;
    for (; j + 4 <= p; j += 4) {
      const b0 = j * inner;
      const b1 = b0 + inner;
      const b2 = b1 + inner;
      const b3 = b2 + inner;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0; k < inner; k++) {
        const x0 = Ap[a0 + k];
        const x1 = Ap[a1 + k];
        const y0 = Bt[b0 + k];
        const y1 = Bt[b1 + k];
        const y2 = Bt[b2 + k];
        const y3 = Bt[b3 + k];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
      }
      const o0 = i * p + j;
      const o1 = o0 + p;
      out[o0] = alpha * s00;
      out[o0 + 1] = alpha * s01;
      out[o0 + 2] = alpha * s02;
      out[o0 + 3] = alpha * s03;
      out[o1] = alpha * s10;
      out[o1 + 1] = alpha * s11;
      out[o1 + 2] = alpha * s12;
      out[o1 + 3] = alpha * s13;
    }
    for (; j < p; j++) {
      const b0 = j * inner;
      let s0 = 0, s1 = 0;
      for (let k = 0; k < inner; k++) {
        s0 += Ap[a0 + k] * Bt[b0 + k];
        s1 += Ap[a1 + k] * Bt[b0 + k];
      }
      out[i * p + j] = alpha * s0;
      out[(i + 1) * p + j] = alpha * s1;
    }
  }
  for (; i < i1; i++) {
    const a0 = i * inner;
    for (let j = 0; j < p; j++) {
      const b0 = j * inner;
      let s = 0;
      for (let k = 0; k < inner; k++) s += Ap[a0 + k] * Bt[b0 + k];
      out[i * p + j] = alpha * s;
    }
  }
}

/**
 * Copies a strided matrix M (rows x cols) into `to`, row-major and
 * contiguous, as float64: the packing denseTimesDense reads.
 */
export function packRows(M: Strided, rows: number, cols: number, to: Float64Array): void {
  const { data, offset, rowStride, colStride } = M;
  for (let i = 0; i < rows; i++) {
    const from = offset + i * rowStride;
    const at = i * cols;
    for (let k = 0; k < cols; k++) to[at + k] = data[from + k * colStride];
  }
}
