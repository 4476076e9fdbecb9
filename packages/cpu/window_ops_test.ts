import assert from "node:assert/strict";
import { windowGeometry } from "@simple-mnist/backend";
import { col2im, im2col, maxPool, maxPoolGrad, reshape } from "./window_ops.ts";

const tensor = (rows: number, cols: number, values?: number[]) => ({
  rows,
  cols,
  data: values === undefined
    ? new Float32Array(rows * cols).fill(Number.NaN)
    : Float32Array.from(values),
});

Deno.test("im2col()", async (t) => {
  await t.step("writes every entry, zeros for padding", () => {
    const g = windowGeometry(1, 2, 2, 3, { padding: "same" });
    const out = tensor(9, 4);
    im2col(tensor(4, 1, [1, 2, 3, 4]), g, out);
    // The middle row of the kernel (i = j = 1) sees each window's own pixel.
    assert.deepEqual([...out.data.subarray(16, 20)], [1, 2, 3, 4]);
    assert.deepEqual([...out.data.subarray(0, 4)], [0, 0, 0, 1]);
  });
  await t.step("keeps each pixel's samples together, pixel-major", () => {
    const out = tensor(1, 4);
    im2col(tensor(2, 2, [1, 10, 2, 20]), windowGeometry(1, 1, 2, 1), out);
    assert.deepEqual([...out.data], [1, 10, 2, 20]);
  });
});

Deno.test("col2im()", async (t) => {
  await t.step("overwrites out and adds the overlaps", () => {
    const g = windowGeometry(1, 1, 3, 1);
    const out = tensor(3, 1);
    col2im(tensor(1, 3, [1, 2, 3]), g, out);
    assert.deepEqual([...out.data], [1, 2, 3]);
    const wide = { ...g, kernel: 3, pad: 1, outWidth: 3 };
    const sums = tensor(3, 1);
    // Row (i, j) = (0, j) is out of the image for i ≠ 1: only the three middle rows count.
    col2im(tensor(9, 3, new Array(27).fill(1)), wide, sums);
    assert.deepEqual([...sums.data], [2, 3, 2]);
  });
});

Deno.test("maxPool()", async (t) => {
  await t.step("ignores padding, per sample", () => {
    const g = windowGeometry(1, 1, 3, 2, { stride: 2, padding: "same" });
    const out = tensor(2, 2);
    maxPool(tensor(3, 2, [-1, 4, -2, 5, -3, 6]), g, out);
    assert.deepEqual([...out.data], [-1, 5, -3, 6]);
  });
});

Deno.test("maxPoolGrad()", async (t) => {
  await t.step("routes each sample's gradient to its own largest pixel, the first on ties", () => {
    const g = windowGeometry(1, 2, 2, 2);
    const out = tensor(4, 2);
    maxPoolGrad(tensor(1, 2, [7, 8]), tensor(4, 2, [1, 0, 3, 0, 2, 0, 0, 0]), g, out);
    assert.deepEqual([...out.data], [0, 8, 7, 0, 0, 0, 0, 0]);
  });
});

Deno.test("reshape()", async (t) => {
  await t.step("copies row-major", () => {
    const out = tensor(3, 2);
    reshape(tensor(2, 3, [1, 2, 3, 4, 5, 6]), out);
    assert.deepEqual([...out.data], [1, 2, 3, 4, 5, 6]);
  });
});
