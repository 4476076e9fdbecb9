// Plain, obviously-correct reference math for the conformance suite: nested
// loops over row-major `number[]` in float64, written for reading, not speed.

/** A row-major matrix of plain numbers. */
export interface Matrix {
  rows: number;
  cols: number;
  values: number[];
}

export function at(m: Matrix, i: number, j: number): number {
  return m.values[i * m.cols + j];
}

export function transpose(m: Matrix): Matrix {
  const values: number[] = [];
  for (let j = 0; j < m.cols; j++) {
    for (let i = 0; i < m.rows; i++) values.push(at(m, i, j));
  }
  return { rows: m.cols, cols: m.rows, values };
}

export function matmul(a: Matrix, b: Matrix, alpha = 1): Matrix {
  const values: number[] = [];
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      let sum = 0;
      for (let k = 0; k < a.cols; k++) sum += at(a, i, k) * at(b, k, j);
      values.push(alpha * sum);
    }
  }
  return { rows: a.rows, cols: b.cols, values };
}

export function map(m: Matrix, f: (x: number, i: number, j: number) => number): Matrix {
  return { ...m, values: m.values.map((x, n) => f(x, Math.floor(n / m.cols), n % m.cols)) };
}

export function softmax(z: Matrix): Matrix {
  return map(z, (_, i, j) => {
    let sum = 0;
    for (let r = 0; r < z.rows; r++) sum += Math.exp(at(z, r, j) - at(z, i, j));
    return 1 / sum;
  });
}

export function crossEntropy(probs: Matrix, labels: number[], floor: number): number {
  let total = 0;
  for (let j = 0; j < probs.cols; j++) total -= Math.log(Math.max(at(probs, labels[j], j), floor));
  return total / probs.cols;
}

export function argmax(x: Matrix): number[] {
  const result: number[] = [];
  for (let j = 0; j < x.cols; j++) {
    let best = 0;
    for (let i = 1; i < x.rows; i++) if (at(x, i, j) > at(x, best, j)) best = i;
    result.push(best);
  }
  return result;
}

export function rowSum(x: Matrix, scale: number): Matrix {
  const values: number[] = [];
  for (let i = 0; i < x.rows; i++) {
    let sum = 0;
    for (let j = 0; j < x.cols; j++) sum += at(x, i, j);
    values.push(scale * sum);
  }
  return { rows: x.rows, cols: 1, values };
}

/** g(z) for each activation, as in `activation.ts`'s table. */
export function activation(name: string, z: number, slope: number): number {
  switch (name) {
    case "relu":
      return Math.max(z, 0);
    case "leaky-relu":
      return z > 0 ? z : slope * z;
    case "tanh":
      return Math.tanh(z);
    case "sigmoid":
      return 1 / (1 + Math.exp(-z));
  }
  throw new Error(`no reference for ${name}`);
}

/** g′(z) for each activation (the left side's value at a kink). */
export function activationDerivative(name: string, z: number, slope: number): number {
  switch (name) {
    case "relu":
      return z > 0 ? 1 : 0;
    case "leaky-relu":
      return z > 0 ? 1 : slope;
    case "tanh":
      return 1 - Math.tanh(z) ** 2;
    case "sigmoid": {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    }
  }
  throw new Error(`no reference for ${name}`);
}

// The window ops, straight from their definitions in backend.ts: loops over
// every window, every pixel it covers and every sample.

/** The geometry's fields, as `WindowGeometry` (kept structural to import nothing). */
export interface Window {
  channels: number;
  height: number;
  width: number;
  kernel: number;
  stride: number;
  pad: number;
  outHeight: number;
  outWidth: number;
}

/**
 * Calls `visit(row, pixel, window)` for every entry of im2col's output:
 * `row` = (c·k + i)·k + j, `window` = (c, oy, ox) as c·H′·W′ + oy·W′ + ox,
 * and `pixel` the image row it reads (c·H·W + y·W + x), or −1 for padding.
 */
function forEachWindowPixel(
  g: Window,
  visit: (row: number, pixel: number, window: number, column: number) => void,
): void {
  const { channels: C, height: H, width: W, kernel: k, stride: s, pad } = g;
  for (let c = 0; c < C; c++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      for (let ox = 0; ox < g.outWidth; ox++) {
        for (let i = 0; i < k; i++) {
          for (let j = 0; j < k; j++) {
            const y = oy * s + i - pad;
            const x = ox * s + j - pad;
            const inside = y >= 0 && y < H && x >= 0 && x < W;
            const window = (c * g.outHeight + oy) * g.outWidth + ox;
            visit(
              (c * k + i) * k + j,
              inside ? c * H * W + y * W + x : -1,
              window,
              oy * g.outWidth + ox,
            );
          }
        }
      }
    }
  }
}

export function im2col(x: Matrix, g: Window): Matrix {
  const m = x.cols;
  const P = g.outHeight * g.outWidth;
  const rows = g.channels * g.kernel * g.kernel;
  const values = new Array(rows * P * m).fill(0);
  forEachWindowPixel(g, (row, pixel, _window, p) => {
    for (let n = 0; n < m; n++) values[row * P * m + p * m + n] = pixel < 0 ? 0 : at(x, pixel, n);
  });
  return { rows, cols: P * m, values };
}

export function col2im(cols: Matrix, g: Window, m: number): Matrix {
  const rows = g.channels * g.height * g.width;
  const values = new Array(rows * m).fill(0);
  forEachWindowPixel(g, (row, pixel, _window, p) => {
    if (pixel < 0) return;
    for (let n = 0; n < m; n++) values[pixel * m + n] += at(cols, row, p * m + n);
  });
  return { rows, cols: m, values };
}

/** For each window and sample, the image row of the first largest in-image pixel. */
function argmaxPixels(x: Matrix, g: Window): number[][] {
  const windows = g.channels * g.outHeight * g.outWidth;
  const best: number[][] = Array.from({ length: windows }, () => new Array(x.cols).fill(-1));
  forEachWindowPixel(g, (_row, pixel, window) => {
    if (pixel < 0) return;
    for (let n = 0; n < x.cols; n++) {
      const current = best[window][n];
      if (current < 0 || at(x, pixel, n) > at(x, current, n)) best[window][n] = pixel;
    }
  });
  return best;
}

export function maxPool(x: Matrix, g: Window): Matrix {
  const best = argmaxPixels(x, g);
  return {
    rows: best.length,
    cols: x.cols,
    values: best.flatMap((pixels) => pixels.map((pixel, n) => at(x, pixel, n))),
  };
}

export function maxPoolGrad(grad: Matrix, x: Matrix, g: Window): Matrix {
  const values = new Array(x.rows * x.cols).fill(0);
  argmaxPixels(x, g).forEach((pixels, window) => {
    pixels.forEach((pixel, n) => values[pixel * x.cols + n] += at(grad, window, n));
  });
  return { rows: x.rows, cols: x.cols, values };
}
