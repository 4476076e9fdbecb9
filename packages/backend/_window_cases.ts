// The conformance cases of the ops of convolutional nets: im2col and its
// adjoint col2im, max-pooling and its gradient, and reshape. Each runs over
// a list of geometries that covers stride 2, `same` padding, 1x1 kernels,
// one and several channels, odd and non-square sizes, windows larger than
// the image, and padding past the bottom and right edges.
import assert from "node:assert/strict";
import { type WindowGeometry, windowGeometry } from "./window_geometry.ts";
import {
  assertClose,
  assertShapeError,
  type ConformanceCase,
  expectOp,
  get,
  type Matrix,
  matrix,
  put,
  random,
} from "./_conformance_helpers.ts";
import * as ref from "./_reference.ts";

/** A geometry to test, with its number of samples and a name for failures. */
interface Shape {
  readonly name: string;
  readonly g: WindowGeometry;
  readonly samples: number;
}

const SHAPES: readonly Shape[] = [
  { name: "the anchor's first conv", g: windowGeometry(1, 28, 28, 5), samples: 3 },
  { name: "the anchor's second conv", g: windowGeometry(16, 12, 12, 5), samples: 2 },
  {
    name: "3x3 stride 2 same over 3x7x7",
    g: windowGeometry(3, 7, 7, 3, { stride: 2, padding: "same" }),
    samples: 3,
  },
  { name: "1x1 over 2x5x5", g: windowGeometry(2, 5, 5, 1), samples: 4 },
  { name: "1x1 stride 2 over 2x6x6", g: windowGeometry(2, 6, 6, 1, { stride: 2 }), samples: 1 },
  { name: "4x4 same over 3x9x7", g: windowGeometry(3, 9, 7, 4, { padding: "same" }), samples: 2 },
  {
    name: "3x3 stride 2 valid over 1x5x5",
    g: windowGeometry(1, 5, 5, 3, { stride: 2 }),
    samples: 5,
  },
  {
    name: "3x3 stride 2 same over 2x8x8 (padding only after)",
    g: windowGeometry(2, 8, 8, 3, { stride: 2, padding: "same" }),
    samples: 2,
  },
  { name: "5x5 same over 1x3x3", g: windowGeometry(1, 3, 3, 5, { padding: "same" }), samples: 3 },
  {
    name: "3x3 stride 2 pad 2 over 1x4x4 (padding on every side)",
    g: {
      channels: 1,
      height: 4,
      width: 4,
      kernel: 3,
      stride: 2,
      pad: 2,
      outHeight: 3,
      outWidth: 3,
    },
    samples: 2,
  },
];

const POOL_SHAPES: readonly Shape[] = [
  { name: "the anchor's first pool", g: windowGeometry(16, 24, 24, 2, { stride: 2 }), samples: 3 },
  { name: "the anchor's second pool", g: windowGeometry(32, 8, 8, 2, { stride: 2 }), samples: 2 },
  { name: "overlapping 3x3 stride 1", g: windowGeometry(2, 5, 5, 3), samples: 3 },
  {
    name: "overlapping 3x3 stride 2 over 3x7x7",
    g: windowGeometry(3, 7, 7, 3, { stride: 2 }),
    samples: 2,
  },
  {
    name: "2x2 stride 2 same over 1x5x5 (padding after)",
    g: windowGeometry(1, 5, 5, 2, { stride: 2, padding: "same" }),
    samples: 4,
  },
  {
    name: "3x3 same over 2x4x6",
    g: windowGeometry(2, 4, 6, 3, { padding: "same" }),
    samples: 2,
  },
  { name: "1x1", g: windowGeometry(2, 3, 3, 1), samples: 2 },
  { name: "one window", g: windowGeometry(1, 3, 3, 3), samples: 1 },
];

function imageRows(g: WindowGeometry): number {
  return g.channels * g.height * g.width;
}

function pooledRows(g: WindowGeometry): number {
  return g.channels * g.outHeight * g.outWidth;
}

function colsShape(g: WindowGeometry, samples: number): [rows: number, cols: number] {
  return [g.channels * g.kernel ** 2, g.outHeight * g.outWidth * samples];
}

/** Runs `check` for each shape, naming the shape in a failure. */
async function eachShape(
  shapes: readonly Shape[],
  check: (shape: Shape, seed: number) => Promise<void>,
): Promise<void> {
  let seed = 100;
  for (const shape of shapes) {
    await check(shape, seed++).catch((error) => assert.fail(`${shape.name}: ${error.message}`));
  }
}

/** The values as float32 holds them, so that the reference sees the backend's ties. */
function f32(m: Matrix): Matrix {
  return ref.map(m, Math.fround);
}

/** Values on a coarse grid (multiples of 1/4 in [−1, 1]): many ties, as ReLU's zeros are. */
function coarse(rows: number, cols: number, seed: number): Matrix {
  return ref.map(random(rows, cols, seed), (v) => Math.round(4 * v) / 4);
}

/** Throws unless `run` throws a RangeError whose message contains each of `parts`. */
function assertRangeError(run: () => void, ...parts: string[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof RangeError, `expected RangeError, got ${error}`);
    for (const part of parts) {
      assert.ok(error.message.includes(part), `message "${error.message}" lacks ${part}`);
    }
    return true;
  });
}

/** Geometries that break the contract, and a word each message must hold. */
function badGeometries(): [WindowGeometry, string][] {
  const g = windowGeometry(1, 4, 4, 3);
  return [
    [{ ...g, stride: 0 }, "stride"],
    [{ ...g, kernel: 1.5 }, "kernel"],
    [{ ...g, pad: 3 }, "pad"],
    [{ ...g, pad: -1 }, "pad"],
    [{ ...g, outHeight: 5 }, "row"],
    [{ ...g, outWidth: 5 }, "column"],
    [{ ...g, channels: 0 }, "channels"],
  ];
}

// A 3x3 image (1..9) of two samples, the second the negative of the first.
const HAND_IMAGE = matrix(9, 2, [1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8, -8, 9, -9]);
const HAND_GEOMETRY = windowGeometry(1, 3, 3, 2);

const im2colCases: ConformanceCase[] = [
  {
    name: "lays out the 2x2 windows of a 3x3 image, pixel-major and sample-minor",
    run: async (b) => {
      // Row (i, j) holds pixel (oy + i, ox + j) of windows (0,0), (0,1), (1,0), (1,1).
      const rows = [[1, 2, 4, 5], [2, 3, 5, 6], [4, 5, 7, 8], [5, 6, 8, 9]];
      const expected = matrix(4, 8, rows.flatMap((row) => row.flatMap((v) => [v, -v])));
      const x = put(b, HAND_IMAGE);
      await expectOp(b, (out) => b.im2col(x, HAND_GEOMETRY, out), 4, 8, expected);
    },
  },
  {
    name: "reads padding as zero",
    run: async (b) => {
      // 3x3 same over a 2x2 image: pad 1, each window sees the whole image somewhere.
      const g = windowGeometry(1, 2, 2, 3, { padding: "same" });
      const x = put(b, matrix(4, 1, [1, 2, 3, 4]));
      const expected = matrix(9, 4, [
        ...[0, 0, 0, 1],
        ...[0, 0, 1, 2],
        ...[0, 0, 2, 0],
        ...[0, 1, 0, 3],
        ...[1, 2, 3, 4],
        ...[2, 0, 4, 0],
        ...[0, 3, 0, 0],
        ...[3, 4, 0, 0],
        ...[4, 0, 0, 0],
      ]);
      await expectOp(b, (out) => b.im2col(x, g, out), 9, 4, expected);
    },
  },
  {
    name: "matches the reference: stride 2, same padding, 1x1, several channels, odd sizes",
    run: (b) =>
      eachShape(SHAPES, async ({ g, samples }, seed) => {
        const x = random(imageRows(g), samples, seed, 0.6);
        const [rows, cols] = colsShape(g, samples);
        await expectOp(b, (out) => b.im2col(put(b, x), g, out), rows, cols, ref.im2col(x, g));
      }),
  },
  {
    name: "refuses mismatched shapes, out = x and a geometry that does not fit",
    run: (b) => {
      const g = windowGeometry(1, 4, 4, 3);
      assertShapeError(() => b.im2col(b.create(15, 2), g, b.create(9, 8)), "15x2", "16x2");
      assertShapeError(() => b.im2col(b.create(16, 2), g, b.create(9, 4)), "9x4", "9x8");
      const square = windowGeometry(1, 1, 1, 1);
      const x = b.create(1, 1);
      assert.throws(() => b.im2col(x, square, x), TypeError);
      for (const [bad, word] of badGeometries()) {
        assertRangeError(() => b.im2col(b.create(16, 2), bad, b.create(9, 8)), word);
      }
      return Promise.resolve();
    },
  },
];

const col2imCases: ConformanceCase[] = [
  {
    name: "adds each window's entries back to their pixels",
    run: async (b) => {
      // All-ones columns: each pixel gets the number of 2x2 windows covering it.
      const cols = put(b, matrix(4, 8, new Array(32).fill(1)));
      const counts = [1, 2, 1, 2, 4, 2, 1, 2, 1];
      const expected = matrix(9, 2, counts.flatMap((v) => [v, v]));
      await expectOp(b, (out) => b.col2im(cols, HAND_GEOMETRY, out), 9, 2, expected);
    },
  },
  {
    name: "drops the entries that read padding",
    run: async (b) => {
      const g = windowGeometry(1, 2, 2, 3, { padding: "same" });
      const cols = put(b, matrix(9, 4, new Array(36).fill(1)));
      await expectOp(b, (out) => b.col2im(cols, g, out), 4, 1, matrix(4, 1, [4, 4, 4, 4]));
    },
  },
  {
    name: "matches the reference: stride 2, same padding, 1x1, several channels, odd sizes",
    run: (b) =>
      eachShape(SHAPES, async ({ g, samples }, seed) => {
        const [rows, cols] = colsShape(g, samples);
        const c = random(rows, cols, seed);
        const expected = ref.col2im(c, g, samples);
        await expectOp(b, (out) => b.col2im(put(b, c), g, out), imageRows(g), samples, expected);
      }),
  },
  {
    name: "is im2col's adjoint: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩",
    run: (b) =>
      eachShape(SHAPES, async ({ g, samples }, seed) => {
        const [rows, cols] = colsShape(g, samples);
        const x = random(imageRows(g), samples, seed);
        const c = random(rows, cols, seed + 50);
        const xCols = b.create(rows, cols);
        b.im2col(put(b, x), g, xCols);
        const cImage = b.create(imageRows(g), samples);
        b.col2im(put(b, c), g, cImage);
        const dot = (p: Matrix, q: Matrix) => p.values.reduce((s, v, e) => s + v * q.values[e], 0);
        const left = dot(await get(b, xCols), c);
        const right = dot(x, await get(b, cImage));
        assertClose(matrix(1, 1, [left]), matrix(1, 1, [right]), 1e-4);
      }),
  },
  {
    name: "refuses mismatched shapes, out = cols and a geometry that does not fit",
    run: (b) => {
      const g = windowGeometry(1, 4, 4, 3);
      assertShapeError(() => b.col2im(b.create(9, 8), g, b.create(15, 2)), "15x2", "16x2");
      assertShapeError(() => b.col2im(b.create(9, 6), g, b.create(16, 2)), "9x6", "9x8");
      const square = windowGeometry(1, 1, 1, 1);
      const x = b.create(1, 1);
      assert.throws(() => b.col2im(x, square, x), TypeError);
      for (const [bad, word] of badGeometries()) {
        assertRangeError(() => b.col2im(b.create(9, 8), bad, b.create(16, 2)), word);
      }
      return Promise.resolve();
    },
  },
];

// A 4x4 image of one sample, pooled 2x2 with stride 2.
const POOL_IMAGE = matrix(16, 1, [
  ...[1, 5, 2, 0],
  ...[3, -1, 8, 8],
  ...[0, 0, -3, -2],
  ...[0, 0, -4, -5],
]);
const POOL_GEOMETRY = windowGeometry(1, 4, 4, 2, { stride: 2 });

const maxPoolCases: ConformanceCase[] = [
  {
    name: "takes the largest pixel of each 2x2 window",
    run: async (b) => {
      const x = put(b, POOL_IMAGE);
      await expectOp(
        b,
        (out) => b.maxPool(x, POOL_GEOMETRY, out),
        4,
        1,
        matrix(4, 1, [5, 8, 0, -2]),
      );
    },
  },
  {
    name: "never lets padding win",
    run: async (b) => {
      // 2x2 stride 2 same over 3x3: the last row and column of windows hang over the edge.
      const g = windowGeometry(1, 3, 3, 2, { stride: 2, padding: "same" });
      const x = put(b, matrix(9, 1, [-9, -8, -7, -6, -5, -4, -3, -2, -1]));
      await expectOp(b, (out) => b.maxPool(x, g, out), 4, 1, matrix(4, 1, [-5, -4, -2, -1]));
      const padded = { ...windowGeometry(1, 3, 3, 2), pad: 1, outHeight: 2, outWidth: 2 };
      await expectOp(b, (out) => b.maxPool(x, padded, out), 4, 1, matrix(4, 1, [-9, -8, -6, -5]));
    },
  },
  {
    name: "matches the reference: overlapping windows, same padding, several channels, odd sizes",
    run: (b) =>
      eachShape(POOL_SHAPES, async ({ g, samples }, seed) => {
        const x = f32(ref.map(random(imageRows(g), samples, seed), (v) => v - 0.5));
        const expected = ref.maxPool(x, g);
        await expectOp(b, (out) => b.maxPool(put(b, x), g, out), pooledRows(g), samples, expected);
      }),
  },
  {
    name: "refuses mismatched shapes, out = x and a geometry that does not fit",
    run: (b) => {
      const g = windowGeometry(2, 4, 4, 2, { stride: 2 });
      assertShapeError(() => b.maxPool(b.create(31, 3), g, b.create(8, 3)), "31x3", "32x3");
      assertShapeError(() => b.maxPool(b.create(32, 3), g, b.create(8, 2)), "8x2", "8x3");
      const square = windowGeometry(1, 1, 1, 1);
      const x = b.create(1, 1);
      assert.throws(() => b.maxPool(x, square, x), TypeError);
      for (const [bad, word] of badGeometries()) {
        assertRangeError(() => b.maxPool(b.create(16, 1), bad, b.create(4, 1)), word);
      }
      return Promise.resolve();
    },
  },
];

const maxPoolGradCases: ConformanceCase[] = [
  {
    name: "sends each window's gradient to its largest pixel, the first on ties",
    run: async (b) => {
      const x = put(b, POOL_IMAGE);
      const grad = put(b, matrix(4, 1, [10, 20, 30, 40]));
      // Window (0,1) ties at 8, 8: the first wins; window (1,0) is all zeros: its top-left wins.
      const expected = matrix(16, 1, [
        ...[0, 10, 0, 0],
        ...[0, 0, 20, 0],
        ...[30, 0, 0, 40],
        ...[0, 0, 0, 0],
      ]);
      await expectOp(b, (out) => b.maxPoolGrad(grad, x, POOL_GEOMETRY, out), 16, 1, expected);
    },
  },
  {
    name: "adds up overlapping windows that share their largest pixel",
    run: async (b) => {
      // 2x2 stride 1 over 3x3 with the largest pixel in the middle: all four windows pick it.
      const x = put(b, matrix(9, 2, [0, 1, 0, 1, 0, 1, 0, 1, 9, 1, 0, 1, 0, 1, 0, 1, 0, 1]));
      const grad = put(b, matrix(4, 2, [1, 1, 2, 2, 3, 3, 4, 4]));
      const expected = matrix(9, 2, [
        ...[0, 1, 0, 2, 0, 0],
        ...[0, 3, 10, 4, 0, 0],
        ...[0, 0, 0, 0, 0, 0],
      ]);
      await expectOp(b, (out) => b.maxPoolGrad(grad, x, HAND_GEOMETRY, out), 9, 2, expected);
    },
  },
  {
    name: "never routes a gradient into padding",
    run: async (b) => {
      const g = windowGeometry(1, 3, 3, 2, { stride: 2, padding: "same" });
      const x = put(b, matrix(9, 1, [-9, -8, -7, -6, -5, -4, -3, -2, -1]));
      const grad = put(b, matrix(4, 1, [1, 2, 3, 4]));
      const expected = matrix(9, 1, [0, 0, 0, 0, 1, 2, 0, 3, 4]);
      await expectOp(b, (out) => b.maxPoolGrad(grad, x, g, out), 9, 1, expected);
    },
  },
  {
    name: "matches the reference, with many ties: overlapping windows, same padding, odd sizes",
    run: (b) =>
      eachShape(POOL_SHAPES, async ({ g, samples }, seed) => {
        for (
          const x of [f32(random(imageRows(g), samples, seed)), coarse(imageRows(g), samples, seed)]
        ) {
          const grad = random(pooledRows(g), samples, seed + 50);
          const expected = ref.maxPoolGrad(grad, x, g);
          await expectOp(
            b,
            (out) => b.maxPoolGrad(put(b, grad), put(b, x), g, out),
            imageRows(g),
            samples,
            expected,
          );
        }
      }),
  },
  {
    name: "refuses mismatched shapes, out = an input and a geometry that does not fit",
    run: (b) => {
      const g = windowGeometry(2, 4, 4, 2, { stride: 2 });
      const [grad, x, out] = [b.create(8, 3), b.create(32, 3), b.create(32, 3)];
      assertShapeError(() => b.maxPoolGrad(b.create(8, 2), x, g, out), "8x2", "8x3");
      assertShapeError(() => b.maxPoolGrad(grad, b.create(30, 3), g, out), "30x3", "32x3");
      assertShapeError(() => b.maxPoolGrad(grad, x, g, b.create(32, 2)), "32x2", "32x3");
      assert.throws(() => b.maxPoolGrad(grad, x, g, x), TypeError);
      for (const [bad, word] of badGeometries()) {
        assertRangeError(
          () => b.maxPoolGrad(b.create(4, 1), b.create(16, 1), bad, b.create(16, 1)),
          word,
        );
      }
      return Promise.resolve();
    },
  },
];

const reshapeCases: ConformanceCase[] = [
  {
    name: "copies the values, row-major, into any shape of the same size",
    run: async (b) => {
      const values = [1, 2, 3, 4, 5, 6];
      const src = put(b, matrix(2, 3, values));
      for (const [rows, cols] of [[3, 2], [6, 1], [1, 6], [2, 3]]) {
        await expectOp(b, (out) => b.reshape(src, out), rows, cols, matrix(rows, cols, values));
      }
    },
  },
  {
    name: "turns a conv's F x (P·m) product into the (F·P) x m image batch",
    run: async (b) => {
      const z = random(16, 576 * 3, 7);
      await expectOp(b, (out) => b.reshape(put(b, z), out), 16 * 576, 3, {
        ...z,
        rows: 16 * 576,
        cols: 3,
      });
    },
  },
  {
    name: "refuses another size and out = src",
    run: (b) => {
      assertShapeError(() => b.reshape(b.create(2, 3), b.create(4, 2)), "2x3", "4x2");
      const src = b.create(2, 2);
      assert.throws(() => b.reshape(src, src), TypeError);
      return Promise.resolve();
    },
  },
];

/** The window ops' cases, keyed by op. */
export const WINDOW_CASES: {
  readonly [Op in "im2col" | "col2im" | "maxPool" | "maxPoolGrad" | "reshape"]:
    readonly ConformanceCase[];
} = {
  im2col: im2colCases,
  col2im: col2imCases,
  maxPool: maxPoolCases,
  maxPoolGrad: maxPoolGradCases,
  reshape: reshapeCases,
};
