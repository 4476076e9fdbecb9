// Direct float64 loops for convolution and max-pooling, written from the
// definitions (no im2col), that the layers' tests compare against. Images are
// (C·H·W) x m, row-major, samples as columns, as in the layers.
import assert from "node:assert/strict";

export interface Conv {
  C: number;
  H: number;
  W: number;
  F: number;
  k: number;
  stride: number;
  pad: number;
  outH: number;
  outW: number;
}

/** Z[f][oy][ox][n] = b[f] + Σ W[f][c][i][j]·X[c][oy·s + i − pad][ox·s + j − pad][n]. */
export function convForward(
  g: Conv,
  X: ArrayLike<number>,
  Wt: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
): Float64Array {
  const Z = new Float64Array(g.F * g.outH * g.outW * m);
  for (let f = 0; f < g.F; f++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++) {
        for (let n = 0; n < m; n++) {
          let sum = b[f];
          for (let c = 0; c < g.C; c++) {
            for (let i = 0; i < g.k; i++) {
              for (let j = 0; j < g.k; j++) {
                const y = oy * g.stride + i - g.pad;
                const x = ox * g.stride + j - g.pad;
                if (y < 0 || y >= g.H || x < 0 || x >= g.W) continue;
                sum += Wt[((f * g.C + c) * g.k + i) * g.k + j] *
                  X[((c * g.H + y) * g.W + x) * m + n];
              }
            }
          }
          Z[((f * g.outH + oy) * g.outW + ox) * m + n] = sum;
        }
      }
    }
  }
  return Z;
}

/** The gradients of Σ dZ ⊙ Z: dW / m, db / m and dX (the layer's scaling). */
export function convBackward(
  g: Conv,
  X: ArrayLike<number>,
  Wt: ArrayLike<number>,
  dZ: ArrayLike<number>,
  m: number,
): { dW: Float64Array; db: Float64Array; dX: Float64Array } {
  const dW = new Float64Array(g.F * g.C * g.k * g.k);
  const db = new Float64Array(g.F);
  const dX = new Float64Array(g.C * g.H * g.W * m);
  for (let f = 0; f < g.F; f++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++) {
        for (let n = 0; n < m; n++) {
          const d = dZ[((f * g.outH + oy) * g.outW + ox) * m + n];
          db[f] += d / m;
          for (let c = 0; c < g.C; c++) {
            for (let i = 0; i < g.k; i++) {
              for (let j = 0; j < g.k; j++) {
                const y = oy * g.stride + i - g.pad;
                const x = ox * g.stride + j - g.pad;
                if (y < 0 || y >= g.H || x < 0 || x >= g.W) continue;
                const w = ((f * g.C + c) * g.k + i) * g.k + j;
                const p = ((c * g.H + y) * g.W + x) * m + n;
                dW[w] += (d * X[p]) / m;
                dX[p] += d * Wt[w];
              }
            }
          }
        }
      }
    }
  }
  return { dW, db, dX };
}

/**
 * Max over each k x k window (stride s, no padding), where each first
 * maximum is in X, and its index i·k + j in its window.
 */
export function maxPoolForward(
  C: number,
  H: number,
  W: number,
  k: number,
  s: number,
  X: ArrayLike<number>,
  m: number,
): { A: Float64Array; winners: Int32Array; offsets: Int32Array } {
  const outH = Math.floor((H - k) / s) + 1;
  const outW = Math.floor((W - k) / s) + 1;
  const A = new Float64Array(C * outH * outW * m);
  const winners = new Int32Array(A.length);
  const offsets = new Int32Array(A.length);
  for (let c = 0; c < C; c++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let n = 0; n < m; n++) {
          let best = -Infinity;
          const o = ((c * outH + oy) * outW + ox) * m + n;
          for (let i = 0; i < k; i++) {
            for (let j = 0; j < k; j++) {
              const p = ((c * H + oy * s + i) * W + ox * s + j) * m + n;
              if (X[p] > best) [best, winners[o], offsets[o]] = [X[p], p, i * k + j];
            }
          }
          A[o] = best;
        }
      }
    }
  }
  return { A, winners, offsets };
}

export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
  what: string,
): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let e = 0; e < expected.length; e++) {
    assert.ok(
      Math.abs(actual[e] - expected[e]) <= tolerance * (1 + Math.abs(expected[e])),
      `${what}[${e}]: ${actual[e]} vs ${expected[e]}`,
    );
  }
}
