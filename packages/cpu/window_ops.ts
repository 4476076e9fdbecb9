import type { WindowGeometry } from "@simple-mnist/backend";
import type { Float32Matrix } from "./float32_ops.ts";

// The window ops of convolutional nets as plain float32 loops. An image
// batch is (C·H·W) x m, one sample per column, so a pixel's m samples are
// one contiguous run of m floats: every loop below moves whole runs.
//
// Entry (r, p) of im2col's output, with r = (c·k + i)·k + j and
// p = oy·W′ + ox, reads pixel (c, y, x) with y = oy·s + i − pad and
// x = ox·s + j − pad; its m samples sit at columns p·m … p·m + m − 1.
//
// Shapes and geometries are the caller's to check (`OP_CHECKS`).

/**
 * `out[(c·k + i)·k + j][(oy·W′ + ox)·m + n] = x[c·H·W + y·W + x][n]`, or 0
 * where (y, x) = (oy·s + i − pad, ox·s + j − pad) is outside the image.
 *
 * @param x The images, `(C·H·W) x m`.
 * @param g The geometry.
 * @param out The windows as columns, `(C·k·k) x (H′·W′·m)`; not `x`.
 *
 * @example 2x2 windows of a 3x3 image
 * ```ts
 * import { windowGeometry } from "@simple-mnist/backend";
 * import { im2col } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const x = { rows: 9, cols: 1, data: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9) };
 * const out = { rows: 4, cols: 4, data: new Float32Array(16) };
 * im2col(x, windowGeometry(1, 3, 3, 2), out);
 * assert.deepEqual([...out.data.subarray(0, 4)], [1, 2, 4, 5]); // top-left of each window
 * ```
 */
export function im2col(x: Float32Matrix, g: WindowGeometry, out: Float32Matrix): void {
  const { channels, height: H, width: W, kernel: k, stride: s, pad, outHeight, outWidth } = g;
  const m = x.cols;
  const [X, O] = [x.data, out.data];
  let o = 0;
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        for (let oy = 0; oy < outHeight; oy++) {
          const y = oy * s + i - pad;
          for (let ox = 0; ox < outWidth; ox++, o += m) {
            const xx = ox * s + j - pad;
            if (y < 0 || y >= H || xx < 0 || xx >= W) {
              O.fill(0, o, o + m);
              continue;
            }
            const from = ((c * H + y) * W + xx) * m;
            for (let n = 0; n < m; n++) O[o + n] = X[from + n];
          }
        }
      }
    }
  }
}

/**
 * The adjoint of {@linkcode im2col}: `out` is zeroed, then every entry of
 * `cols` is added to the pixel it was read from; entries that read padding
 * are dropped.
 *
 * @param cols The windows as columns, `(C·k·k) x (H′·W′·m)`.
 * @param g The geometry.
 * @param out The images, `(C·H·W) x m`; not `cols`.
 *
 * @example Each pixel of a 3x3 image gets the number of 2x2 windows covering it
 * ```ts
 * import { windowGeometry } from "@simple-mnist/backend";
 * import { col2im } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const cols = { rows: 4, cols: 4, data: new Float32Array(16).fill(1) };
 * const out = { rows: 9, cols: 1, data: new Float32Array(9) };
 * col2im(cols, windowGeometry(1, 3, 3, 2), out);
 * assert.deepEqual([...out.data], [1, 2, 1, 2, 4, 2, 1, 2, 1]);
 * ```
 */
export function col2im(cols: Float32Matrix, g: WindowGeometry, out: Float32Matrix): void {
  const { channels, height: H, width: W, kernel: k, stride: s, pad, outHeight, outWidth } = g;
  const m = out.cols;
  const [C, O] = [cols.data, out.data];
  O.fill(0);
  let e = 0;
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        for (let oy = 0; oy < outHeight; oy++) {
          const y = oy * s + i - pad;
          for (let ox = 0; ox < outWidth; ox++, e += m) {
            const xx = ox * s + j - pad;
            if (y < 0 || y >= H || xx < 0 || xx >= W) continue;
            const to = ((c * H + y) * W + xx) * m;
            for (let n = 0; n < m; n++) O[to + n] += C[e + n];
          }
        }
      }
    }
  }
}

/**
 * Calls `visit(window, first, pixel)` for every window (c, oy, ox), as
 * c·H′·W′ + oy·W′ + ox, and each in-image pixel it covers (as a row of the
 * image batch), in row-major window order; `first` is true for the first.
 */
function forEachWindow(
  g: WindowGeometry,
  visit: (window: number, pixel: number, first: boolean) => void,
): void {
  const { channels, height: H, width: W, kernel: k, stride: s, pad, outHeight, outWidth } = g;
  let window = 0;
  for (let c = 0; c < channels; c++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = Math.max(oy * s - pad, 0);
      const y1 = Math.min(oy * s - pad + k, H);
      for (let ox = 0; ox < outWidth; ox++, window++) {
        const x0 = Math.max(ox * s - pad, 0);
        const x1 = Math.min(ox * s - pad + k, W);
        for (let y = y0; y < y1; y++) {
          for (let x = x0; x < x1; x++) visit(window, (c * H + y) * W + x, y === y0 && x === x0);
        }
      }
    }
  }
}

/**
 * `out[(c·H′ + oy)·W′ + ox][n]` = the largest in-image pixel of window
 * (oy, ox) of channel c in sample n; padding never wins.
 *
 * @param x The images, `(C·H·W) x m`.
 * @param g The geometry.
 * @param out The pooled images, `(C·H′·W′) x m`; not `x`.
 *
 * @example 2x2 max-pool of a 2x2 image
 * ```ts
 * import { windowGeometry } from "@simple-mnist/backend";
 * import { maxPool } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const x = { rows: 4, cols: 1, data: Float32Array.of(-3, -1, -2, -4) };
 * const out = { rows: 1, cols: 1, data: new Float32Array(1) };
 * maxPool(x, windowGeometry(1, 2, 2, 2), out);
 * assert.deepEqual([...out.data], [-1]);
 * ```
 */
export function maxPool(x: Float32Matrix, g: WindowGeometry, out: Float32Matrix): void {
  const m = x.cols;
  const [X, O] = [x.data, out.data];
  forEachWindow(g, (window, pixel, first) => {
    const [o, e] = [window * m, pixel * m];
    if (first) {
      for (let n = 0; n < m; n++) O[o + n] = X[e + n];
    } else {
      for (let n = 0; n < m; n++) if (X[e + n] > O[o + n]) O[o + n] = X[e + n];
    }
  });
}

/**
 * The gradient through {@linkcode maxPool}: `out` is zeroed, then each
 * window's `grad` is added at the window's first largest in-image pixel
 * (row-major window order), so overlapping windows add up.
 *
 * @param grad The gradient of the pooled images, `(C·H′·W′) x m`.
 * @param x The pool's input, `(C·H·W) x m`.
 * @param g The geometry.
 * @param out The gradient of `x`, `(C·H·W) x m`; neither `grad` nor `x`.
 *
 * @example The largest of each window takes its gradient
 * ```ts
 * import { windowGeometry } from "@simple-mnist/backend";
 * import { maxPoolGrad } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const x = { rows: 4, cols: 1, data: Float32Array.of(-3, -1, -2, -1) };
 * const grad = { rows: 1, cols: 1, data: Float32Array.of(5) };
 * const out = { rows: 4, cols: 1, data: new Float32Array(4) };
 * maxPoolGrad(grad, x, windowGeometry(1, 2, 2, 2), out);
 * assert.deepEqual([...out.data], [0, 5, 0, 0]); // the first of the two −1s
 * ```
 */
export function maxPoolGrad(
  grad: Float32Matrix,
  x: Float32Matrix,
  g: WindowGeometry,
  out: Float32Matrix,
): void {
  const m = x.cols;
  const [G, X, O] = [grad.data, x.data, out.data];
  O.fill(0);
  // Each window's winners, one pixel row per sample, found in one pass over the window.
  const best = new Int32Array(m);
  let current = -1;
  const settle = () => {
    if (current < 0) return;
    for (let n = 0; n < m; n++) O[best[n] * m + n] += G[current * m + n];
  };
  forEachWindow(g, (window, pixel, first) => {
    if (first) {
      settle();
      current = window;
      best.fill(pixel);
      return;
    }
    const e = pixel * m;
    for (let n = 0; n < m; n++) if (X[e + n] > X[best[n] * m + n]) best[n] = pixel;
  });
  settle();
}

/**
 * Copies `src`'s values, row-major, into `out`, which holds as many.
 *
 * @param src The values.
 * @param out Their new shape; not `src`.
 *
 * @example
 * ```ts
 * import { reshape } from "@simple-mnist/cpu";
 * import assert from "node:assert/strict";
 *
 * const out = { rows: 3, cols: 1, data: new Float32Array(3) };
 * reshape({ rows: 1, cols: 3, data: Float32Array.of(1, 2, 3) }, out);
 * assert.deepEqual([...out.data], [1, 2, 3]);
 * ```
 */
export function reshape(src: Float32Matrix, out: Float32Matrix): void {
  out.data.set(src.data);
}
