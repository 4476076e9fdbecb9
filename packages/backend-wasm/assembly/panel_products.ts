// Products at any width. Dense: both operands packed into panels (4 rows of
// A, 8 columns of B, each k-major), then a 4x8 register tile whose eight
// f32x4 sums take three loads per eight multiply-adds (fused where the
// engine has relaxed SIMD: see madd). With a mostly-zero B: the dense
// operand laid out so that each nonzero adds one contiguous row into sums
// held in registers (sparseRowsTimes). The sums run in f32.

import { splatValue } from "./sparse_products";

/**
 * acc + a·b, lane by lane: one fused multiply-add where the module is
 * built with relaxed SIMD (build.ts builds it both ways), else a multiply
 * and an add.
 */
// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

/**
 * Rows 0 and 1 (or, if `high`, 2 and 3) of the 4x4 transpose, from the
 * interleaved pairs t (rows 0, 1) and u (rows 2, 3).
 */
// @ts-ignore: decorator
@inline
function column(t: v128, u: v128, high: bool): v128 {
  return high ? v128.shuffle<u32>(t, u, 2, 3, 6, 7) : v128.shuffle<u32>(t, u, 0, 1, 4, 5);
}

/** Stores alpha · the 4x4 transpose of the rows at p (stride s) into the rows at q (stride d). */
// @ts-ignore: decorator
@inline
function transpose4(p: usize, s: usize, q: usize, d: usize, scale: v128): void {
  const a0 = v128.load(p);
  const a1 = v128.load(p + s);
  const a2 = v128.load(p + 2 * s);
  const a3 = v128.load(p + 3 * s);
  const t0 = v128.shuffle<u32>(a0, a1, 0, 4, 1, 5);
  const t1 = v128.shuffle<u32>(a2, a3, 0, 4, 1, 5);
  const t2 = v128.shuffle<u32>(a0, a1, 2, 6, 3, 7);
  const t3 = v128.shuffle<u32>(a2, a3, 2, 6, 3, 7);
  v128.store(q, f32x4.mul(column(t0, t1, false), scale));
  v128.store(q + d, f32x4.mul(column(t0, t1, true), scale));
  v128.store(q + 2 * d, f32x4.mul(column(t2, t3, false), scale));
  v128.store(q + 3 * d, f32x4.mul(column(t2, t3, true), scale));
}

/**
 * dst(c, r) = alpha · src(r, c) for rows r in [r0, r1) and columns c in
 * [0, cols) of a row-major f32 src; row strides in elements. Blocks of 16
 * rows, so that each visit to a row of dst writes a whole cache line (64
 * bytes); 4x4 transposes by SIMD shuffles; the edges by scalars.
 */
export function transposeScaled(
  src: usize,
  srcStride: i32,
  cols: i32,
  dst: usize,
  dstStride: i32,
  alpha: f32,
  r0: i32,
  r1: i32,
): void {
  const s = <usize>srcStride << 2;
  const d = <usize>dstStride << 2;
  const scale = f32x4.splat(alpha);
  let r = r0;
  for (; r + 16 <= r1; r += 16) {
    const row = src + <usize>r * s;
    const to = dst + (<usize>r << 2);
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const p = row + (<usize>c << 2);
      const q = to + <usize>c * d;
      transpose4(p, s, q, d, scale);
      transpose4(p + 4 * s, s, q + 16, d, scale);
      transpose4(p + 8 * s, s, q + 32, d, scale);
      transpose4(p + 12 * s, s, q + 48, d, scale);
    }
    for (; c < cols; c++) {
      for (let rr = 0; rr < 16; rr++) {
        store<f32>(to + <usize>c * d + (<usize>rr << 2), alpha * load<f32>(row + <usize>rr * s + (<usize>c << 2)));
      }
    }
  }
  for (; r + 4 <= r1; r += 4) {
    const row = src + <usize>r * s;
    const to = dst + (<usize>r << 2);
    let c = 0;
    for (; c + 4 <= cols; c += 4) transpose4(row + (<usize>c << 2), s, to + <usize>c * d, d, scale);
    for (; c < cols; c++) {
      const p = row + (<usize>c << 2);
      const q = to + <usize>c * d;
      store<f32>(q, alpha * load<f32>(p));
      store<f32>(q, alpha * load<f32>(p + s), 4);
      store<f32>(q, alpha * load<f32>(p + 2 * s), 8);
      store<f32>(q, alpha * load<f32>(p + 3 * s), 12);
    }
  }
  for (; r < r1; r++) {
    const row = src + <usize>r * s;
    const to = dst + (<usize>r << 2);
    for (let c = 0; c < cols; c++) {
      store<f32>(to + <usize>c * d, alpha * load<f32>(row + (<usize>c << 2)));
    }
  }
}

/**
 * outT(c, ·) = Σ v · P(r, ·) over the entries (r, v) of lists c in [c0, c1):
 * list c is [starts[c], starts[c + 1]) of the u16 `index` and the f32
 * `values`. Rows of P and outT are `vectors` f32x4 long; with `accumulate`
 * the sums start from outT's values, else from zero. Tiles of twelve,
 * eight, four, then one f32x4 of sums stay in registers while a list is
 * read (twelve: 8% faster than eight at 128 units).
 */
export function sparseRowsTimes(
  starts: usize,
  index: usize,
  values: usize,
  c0: i32,
  c1: i32,
  P: usize,
  vectors: i32,
  outT: usize,
  accumulate: bool,
): void {
  sparseRowsTimesOf<f32>(starts, index, values, c0, c1, P, vectors, outT, accumulate, 0);
}

/** sparseRowsTimes with byte values, read through `table` (256 f32). */
// @ts-ignore: decorator
@inline
function sparseRowsTimesOf<V>(
  starts: usize,
  index: usize,
  values: usize,
  c0: i32,
  c1: i32,
  P: usize,
  vectors: i32,
  outT: usize,
  accumulate: bool,
  table: usize,
): void {
  const rowBytes = <usize>vectors << 4;
  const zero = f32x4.splat(0);
  // Tiles outermost: the slab of P that a tile reads stays in cache across the lists.
  let t: usize = 0;
  for (; t + 192 <= rowBytes; t += 192) {
    const base = P + t;
    for (let c = c0; c < c1; c++) {
      const first = <usize>load<u32>(starts + (<usize>c << 2));
      const last = <usize>load<u32>(starts + ((<usize>c + 1) << 2));
      const q = outT + <usize>c * rowBytes + t;
      let s0 = accumulate ? v128.load(q, 0) : zero;
      let s1 = accumulate ? v128.load(q, 16) : zero;
      let s2 = accumulate ? v128.load(q, 32) : zero;
      let s3 = accumulate ? v128.load(q, 48) : zero;
      let s4 = accumulate ? v128.load(q, 64) : zero;
      let s5 = accumulate ? v128.load(q, 80) : zero;
      let s6 = accumulate ? v128.load(q, 96) : zero;
      let s7 = accumulate ? v128.load(q, 112) : zero;
      let s8 = accumulate ? v128.load(q, 128) : zero;
      let s9 = accumulate ? v128.load(q, 144) : zero;
      let s10 = accumulate ? v128.load(q, 160) : zero;
      let s11 = accumulate ? v128.load(q, 176) : zero;
      for (let e = first; e < last; e++) {
        const v = splatValue<V>(values + e * sizeof<V>(), table);
        const b = base + <usize>load<u16>(index + (e << 1)) * rowBytes;
        s0 = madd(v128.load(b, 0), v, s0);
        s1 = madd(v128.load(b, 16), v, s1);
        s2 = madd(v128.load(b, 32), v, s2);
        s3 = madd(v128.load(b, 48), v, s3);
        s4 = madd(v128.load(b, 64), v, s4);
        s5 = madd(v128.load(b, 80), v, s5);
        s6 = madd(v128.load(b, 96), v, s6);
        s7 = madd(v128.load(b, 112), v, s7);
        s8 = madd(v128.load(b, 128), v, s8);
        s9 = madd(v128.load(b, 144), v, s9);
        s10 = madd(v128.load(b, 160), v, s10);
        s11 = madd(v128.load(b, 176), v, s11);
      }
      v128.store(q, s0, 0);
      v128.store(q, s1, 16);
      v128.store(q, s2, 32);
      v128.store(q, s3, 48);
      v128.store(q, s4, 64);
      v128.store(q, s5, 80);
      v128.store(q, s6, 96);
      v128.store(q, s7, 112);
      v128.store(q, s8, 128);
      v128.store(q, s9, 144);
      v128.store(q, s10, 160);
      v128.store(q, s11, 176);
    }
  }
  for (; t + 128 <= rowBytes; t += 128) {
    const base = P + t;
    for (let c = c0; c < c1; c++) {
      const first = <usize>load<u32>(starts + (<usize>c << 2));
      const last = <usize>load<u32>(starts + ((<usize>c + 1) << 2));
      const q = outT + <usize>c * rowBytes + t;
      let s0 = accumulate ? v128.load(q) : zero;
      let s1 = accumulate ? v128.load(q, 16) : zero;
      let s2 = accumulate ? v128.load(q, 32) : zero;
      let s3 = accumulate ? v128.load(q, 48) : zero;
      let s4 = accumulate ? v128.load(q, 64) : zero;
      let s5 = accumulate ? v128.load(q, 80) : zero;
      let s6 = accumulate ? v128.load(q, 96) : zero;
      let s7 = accumulate ? v128.load(q, 112) : zero;
      for (let e = first; e < last; e++) {
        const v = splatValue<V>(values + e * sizeof<V>(), table);
        const b = base + <usize>load<u16>(index + (e << 1)) * rowBytes;
        s0 = madd(v128.load(b), v, s0);
        s1 = madd(v128.load(b, 16), v, s1);
        s2 = madd(v128.load(b, 32), v, s2);
        s3 = madd(v128.load(b, 48), v, s3);
        s4 = madd(v128.load(b, 64), v, s4);
        s5 = madd(v128.load(b, 80), v, s5);
        s6 = madd(v128.load(b, 96), v, s6);
        s7 = madd(v128.load(b, 112), v, s7);
      }
      v128.store(q, s0);
      v128.store(q, s1, 16);
      v128.store(q, s2, 32);
      v128.store(q, s3, 48);
      v128.store(q, s4, 64);
      v128.store(q, s5, 80);
      v128.store(q, s6, 96);
      v128.store(q, s7, 112);
    }
  }
  for (; t + 64 <= rowBytes; t += 64) {
    const base = P + t;
    for (let c = c0; c < c1; c++) {
      const first = <usize>load<u32>(starts + (<usize>c << 2));
      const last = <usize>load<u32>(starts + ((<usize>c + 1) << 2));
      const q = outT + <usize>c * rowBytes + t;
      let s0 = accumulate ? v128.load(q) : zero;
      let s1 = accumulate ? v128.load(q, 16) : zero;
      let s2 = accumulate ? v128.load(q, 32) : zero;
      let s3 = accumulate ? v128.load(q, 48) : zero;
      for (let e = first; e < last; e++) {
        const v = splatValue<V>(values + e * sizeof<V>(), table);
        const b = base + <usize>load<u16>(index + (e << 1)) * rowBytes;
        s0 = madd(v128.load(b), v, s0);
        s1 = madd(v128.load(b, 16), v, s1);
        s2 = madd(v128.load(b, 32), v, s2);
        s3 = madd(v128.load(b, 48), v, s3);
      }
      v128.store(q, s0);
      v128.store(q, s1, 16);
      v128.store(q, s2, 32);
      v128.store(q, s3, 48);
    }
  }
  for (; t < rowBytes; t += 16) {
    const base = P + t;
    for (let c = c0; c < c1; c++) {
      const first = <usize>load<u32>(starts + (<usize>c << 2));
      const last = <usize>load<u32>(starts + ((<usize>c + 1) << 2));
      const q = outT + <usize>c * rowBytes + t;
      let s0 = accumulate ? v128.load(q) : zero;
      for (let e = first; e < last; e++) {
        const v = splatValue<V>(values + e * sizeof<V>(), table);
        s0 = madd(v128.load(base + <usize>load<u16>(index + (e << 1)) * rowBytes), v, s0);
      }
      v128.store(q, s0);
    }
  }
}

/**
 * Packs op(A) (n x k, op(A)(i, kk) = A[i·rowStride + kk·colStride]) for
 * the row panels [i0, i1): panel q holds rows 4q..4q+3 as k f32x4 (rows
 * past n are zero), at Ap + 16·k·q.
 */
export function packRows4(
  A: usize,
  rowStride: i32,
  colStride: i32,
  n: i32,
  k: i32,
  Ap: usize,
  i0: i32,
  i1: i32,
): void {
  const rs = <usize>rowStride << 2;
  const cs = <usize>colStride << 2;
  for (let q = i0; q < i1; q++) {
    const i = q << 2;
    let out = Ap + ((<usize>k * <usize>q) << 4);
    const a = A + <usize>i * rs;
    if (i + 4 <= n && rowStride == 1) {
      // op(A) is a transpose: the panel's four rows are contiguous at each kk.
      for (let kk = 0; kk < k; kk++) {
        v128.store(out, v128.load(a + <usize>kk * cs));
        out += 16;
      }
    } else if (i + 4 <= n && colStride == 1) {
      let kk = 0;
      for (; kk + 4 <= k; kk += 4) {
        const p = a + (<usize>kk << 2);
        const a0 = v128.load(p);
        const a1 = v128.load(p + rs);
        const a2 = v128.load(p + 2 * rs);
        const a3 = v128.load(p + 3 * rs);
        const t0 = v128.shuffle<u32>(a0, a1, 0, 4, 1, 5);
        const t1 = v128.shuffle<u32>(a2, a3, 0, 4, 1, 5);
        const t2 = v128.shuffle<u32>(a0, a1, 2, 6, 3, 7);
        const t3 = v128.shuffle<u32>(a2, a3, 2, 6, 3, 7);
        v128.store(out, column(t0, t1, false));
        v128.store(out, column(t0, t1, true), 16);
        v128.store(out, column(t2, t3, false), 32);
        v128.store(out, column(t2, t3, true), 48);
        out += 64;
      }
      for (; kk < k; kk++) {
        const p = a + (<usize>kk << 2);
        v128.store(out, f32x4(load<f32>(p), load<f32>(p + rs), load<f32>(p + 2 * rs), load<f32>(p + 3 * rs)));
        out += 16;
      }
    } else {
      for (let kk = 0; kk < k; kk++) {
        const p = A + <usize>kk * cs;
        for (let lane = 0; lane < 4; lane++) {
          const row = i + lane;
          store<f32>(out + (<usize>lane << 2), row < n ? load<f32>(p + <usize>row * rs) : 0);
        }
        out += 16;
      }
    }
  }
}

/**
 * Packs op(B) (k x p, op(B)(kk, j) = B[kk·rowStride + j·colStride]) for the
 * column panels [j0, j1): panel q holds columns 8q..8q+7 as k rows of eight
 * f32 (columns past p are zero), at Bp + 32·k·(q − j0).
 */
export function packColumns8(
  B: usize,
  rowStride: i32,
  colStride: i32,
  k: i32,
  p: i32,
  Bp: usize,
  j0: i32,
  j1: i32,
): void {
  const rs = <usize>rowStride << 2;
  const cs = <usize>colStride << 2;
  for (let q = j0; q < j1; q++) {
    const j = q << 3;
    let out = Bp + ((<usize>k * <usize>(q - j0)) << 5);
    const b = B + <usize>j * cs;
    if (j + 8 <= p && colStride == 1) {
      for (let kk = 0; kk < k; kk++) {
        const row = b + <usize>kk * rs;
        v128.store(out, v128.load(row));
        v128.store(out, v128.load(row, 16), 16);
        out += 32;
      }
    } else if (j + 8 <= p && rowStride == 1) {
      // op(B) is a transpose: each of the eight columns is contiguous.
      let kk = 0;
      for (; kk + 4 <= k; kk += 4) {
        const p0 = b + (<usize>kk << 2);
        const p4 = p0 + 4 * cs;
        const a0 = v128.load(p0);
        const a1 = v128.load(p0 + cs);
        const a2 = v128.load(p0 + 2 * cs);
        const a3 = v128.load(p0 + 3 * cs);
        const c0 = v128.load(p4);
        const c1 = v128.load(p4 + cs);
        const c2 = v128.load(p4 + 2 * cs);
        const c3 = v128.load(p4 + 3 * cs);
        const t0 = v128.shuffle<u32>(a0, a1, 0, 4, 1, 5);
        const t1 = v128.shuffle<u32>(a2, a3, 0, 4, 1, 5);
        const t2 = v128.shuffle<u32>(a0, a1, 2, 6, 3, 7);
        const t3 = v128.shuffle<u32>(a2, a3, 2, 6, 3, 7);
        const u0 = v128.shuffle<u32>(c0, c1, 0, 4, 1, 5);
        const u1 = v128.shuffle<u32>(c2, c3, 0, 4, 1, 5);
        const u2 = v128.shuffle<u32>(c0, c1, 2, 6, 3, 7);
        const u3 = v128.shuffle<u32>(c2, c3, 2, 6, 3, 7);
        v128.store(out, column(t0, t1, false));
        v128.store(out, column(u0, u1, false), 16);
        v128.store(out, column(t0, t1, true), 32);
        v128.store(out, column(u0, u1, true), 48);
        v128.store(out, column(t2, t3, false), 64);
        v128.store(out, column(u2, u3, false), 80);
        v128.store(out, column(t2, t3, true), 96);
        v128.store(out, column(u2, u3, true), 112);
        out += 128;
      }
      for (; kk < k; kk++) {
        const p0 = b + (<usize>kk << 2);
        for (let lane: usize = 0; lane < 8; lane++) {
          store<f32>(out + (lane << 2), load<f32>(p0 + lane * cs));
        }
        out += 32;
      }
    } else {
      for (let kk = 0; kk < k; kk++) {
        const row = B + <usize>kk * rs;
        for (let lane = 0; lane < 8; lane++) {
          const col = j + lane;
          store<f32>(out + (<usize>lane << 2), col < p ? load<f32>(row + <usize>col * cs) : 0);
        }
        out += 32;
      }
    }
  }
}

/**
 * out(i, j) = alpha · Σ op(A)(i, kk)·op(B)(kk, j) for all rows i and the
 * columns of the column panels [j0, j1): op(A) packed by packRows4 (Ap),
 * each panel of op(B) packed in turn by packColumns8 into `Bp` (scratch of
 * 32·k bytes, which stays in the L1 cache), then a 4x8 tile of sums in
 * eight f32x4 per row panel. `out` is row-major n x p with a row stride in
 * elements.
 */
export function panelProduct(
  Ap: usize,
  B: usize,
  bRowStride: i32,
  bColStride: i32,
  n: i32,
  k: i32,
  p: i32,
  Bp: usize,
  out: usize,
  outStride: i32,
  alpha: f32,
  j0: i32,
  j1: i32,
): void {
  const os = <usize>outStride << 2;
  const scale = f32x4.splat(alpha);
  const aPanel = <usize>k << 4;
  const rowPanels = (n + 3) >> 2;
  for (let qj = j0; qj < j1; qj++) {
    packColumns8(B, bRowStride, bColStride, k, p, Bp, qj, qj + 1);
    const j = qj << 3;
    for (let qi = 0; qi < rowPanels; qi++) {
      let a = Ap + <usize>qi * aPanel;
      let b = Bp;
      const stop = a + aPanel;
      let s00 = f32x4.splat(0);
      let s01 = f32x4.splat(0);
      let s10 = f32x4.splat(0);
      let s11 = f32x4.splat(0);
      let s20 = f32x4.splat(0);
      let s21 = f32x4.splat(0);
      let s30 = f32x4.splat(0);
      let s31 = f32x4.splat(0);
      for (; a < stop; a += 16) {
        const x = v128.load(a);
        const b0 = v128.load(b);
        const b1 = v128.load(b, 16);
        b += 32;
        const x0 = v128.shuffle<u32>(x, x, 0, 0, 0, 0);
        s00 = madd(x0, b0, s00);
        s01 = madd(x0, b1, s01);
        const x1 = v128.shuffle<u32>(x, x, 1, 1, 1, 1);
        s10 = madd(x1, b0, s10);
        s11 = madd(x1, b1, s11);
        const x2 = v128.shuffle<u32>(x, x, 2, 2, 2, 2);
        s20 = madd(x2, b0, s20);
        s21 = madd(x2, b1, s21);
        const x3 = v128.shuffle<u32>(x, x, 3, 3, 3, 3);
        s30 = madd(x3, b0, s30);
        s31 = madd(x3, b1, s31);
      }
      const i = qi << 2;
      const o = out + <usize>i * os + (<usize>j << 2);
      if (i + 4 <= n && j + 8 <= p) {
        v128.store(o, f32x4.mul(s00, scale));
        v128.store(o, f32x4.mul(s01, scale), 16);
        v128.store(o + os, f32x4.mul(s10, scale));
        v128.store(o + os, f32x4.mul(s11, scale), 16);
        v128.store(o + 2 * os, f32x4.mul(s20, scale));
        v128.store(o + 2 * os, f32x4.mul(s21, scale), 16);
        v128.store(o + 3 * os, f32x4.mul(s30, scale));
        v128.store(o + 3 * os, f32x4.mul(s31, scale), 16);
      } else {
        storeEdge(o, f32x4.mul(s00, scale), f32x4.mul(s01, scale), p - j, i < n);
        storeEdge(o + os, f32x4.mul(s10, scale), f32x4.mul(s11, scale), p - j, i + 1 < n);
        storeEdge(o + 2 * os, f32x4.mul(s20, scale), f32x4.mul(s21, scale), p - j, i + 2 < n);
        storeEdge(o + 3 * os, f32x4.mul(s30, scale), f32x4.mul(s31, scale), p - j, i + 3 < n);
      }
    }
  }
}

/**
 * The product with a mostly-zero matrix, by its lists of nonzeros (by
 * column for op(A)·B, by row for op(A)·Bᵀ): out(i, c) = alpha · Σ v ·
 * P(r, i) over the entries (r, v) of list c, for lists c in [c0, c1). The
 * lists come in `blocks` blocks (the by-row index's blocks of `blockCols`
 * entries each; 1 for the by-column index), block b's list c at
 * [starts[b·lists + c], starts[b·lists + c + 1]) of `index` and `values`,
 * its entries r counted from b·blockCols. P is op(A) transposed, rows of
 * `vectors` f32x4; the sums go to rows c of `outT` (same row length), then
 * transposed and scaled into `out` (n x lists, row stride in elements).
 */
export function sparseListsProduct(
  starts: usize,
  index: usize,
  values: usize,
  lists: i32,
  blocks: i32,
  blockCols: i32,
  c0: i32,
  c1: i32,
  P: usize,
  vectors: i32,
  outT: usize,
  n: i32,
  out: usize,
  outStride: i32,
  alpha: f32,
): void {
  sparseListsProductOf<f32>(starts, index, values, lists, blocks, blockCols, c0, c1, P, vectors, outT, n, out, outStride, alpha, 0);
}

/** sparseListsProduct with byte values, read through `table` (256 f32). */
export function sparseListsProductBytes(
  starts: usize,
  index: usize,
  values: usize,
  lists: i32,
  blocks: i32,
  blockCols: i32,
  c0: i32,
  c1: i32,
  P: usize,
  vectors: i32,
  outT: usize,
  n: i32,
  out: usize,
  outStride: i32,
  alpha: f32,
  table: usize,
): void {
  sparseListsProductOf<u8>(starts, index, values, lists, blocks, blockCols, c0, c1, P, vectors, outT, n, out, outStride, alpha, table);
}

// @ts-ignore: decorator
@inline
function sparseListsProductOf<V>(
  starts: usize,
  index: usize,
  values: usize,
  lists: i32,
  blocks: i32,
  blockCols: i32,
  c0: i32,
  c1: i32,
  P: usize,
  vectors: i32,
  outT: usize,
  n: i32,
  out: usize,
  outStride: i32,
  alpha: f32,
  table: usize,
): void {
  const rowBytes = <usize>vectors << 4;
  for (let b = 0; b < blocks; b++) {
    sparseRowsTimesOf<V>(
      starts + ((<usize>b * <usize>lists) << 2),
      index,
      values,
      c0,
      c1,
      P + <usize>b * <usize>blockCols * rowBytes,
      vectors,
      outT,
      b > 0,
      table,
    );
  }
  transposeScaled(outT, vectors << 2, n, out, outStride, alpha, c0, c1);
}

/** dst(r, ·) = src(r, ·), `cols` f32 of each row r in [r0, r1); row strides in elements. */
export function copyRows(
  src: usize,
  srcStride: i32,
  cols: i32,
  dst: usize,
  dstStride: i32,
  r0: i32,
  r1: i32,
): void {
  for (let r = r0; r < r1; r++) {
    memory.copy(dst + ((<usize>r * <usize>dstStride) << 2), src + ((<usize>r * <usize>srcStride) << 2), <usize>cols << 2);
  }
}

/** Stores the first min(count, 8) lanes of (low, high) at o, if `row` (the row exists). */
function storeEdge(o: usize, low: v128, high: v128, count: i32, row: bool): void {
  if (!row) return;
  if (count > 0) store<f32>(o, f32x4.extract_lane(low, 0));
  if (count > 1) store<f32>(o, f32x4.extract_lane(low, 1), 4);
  if (count > 2) store<f32>(o, f32x4.extract_lane(low, 2), 8);
  if (count > 3) store<f32>(o, f32x4.extract_lane(low, 3), 12);
  if (count > 4) store<f32>(o, f32x4.extract_lane(high, 0), 16);
  if (count > 5) store<f32>(o, f32x4.extract_lane(high, 1), 20);
  if (count > 6) store<f32>(o, f32x4.extract_lane(high, 2), 24);
  if (count > 7) store<f32>(o, f32x4.extract_lane(high, 3), 28);
}
