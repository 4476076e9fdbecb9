import assert from "node:assert/strict";
import { weightImages } from "./weight_images.ts";

Deno.test("weightImages()", async (t) => {
  await t.step("lays the units out in a grid with 1-pixel gaps", () => {
    const grid = weightImages(new Float32Array(5 * 4), 5, 2, 3);
    assert.deepEqual([grid.width, grid.height], [3 * 2 + 2, 2 * 2 + 1]);
    assert.equal(grid.rgba.length, 4 * 8 * 5);
  });

  await t.step("scales each unit to its own largest magnitude", () => {
    const grid = weightImages(Float32Array.of(0.5, 0.25, 0, 0, 100, -50, 0, 0), 2, 2, 2);
    const pixel = (x: number) => [...grid.rgba.subarray(4 * x, 4 * x + 4)];
    // Each unit's largest weight is full red; half of it is as pale in both units.
    assert.deepEqual(pixel(0), [255, 0, 0, 255]);
    assert.deepEqual(pixel(1), [255, 128, 128, 255]);
    assert.deepEqual(pixel(3), [255, 0, 0, 255]);
    assert.deepEqual(pixel(4), [128, 128, 255, 255]);
  });

  await t.step("draws zero weights white, negatives blue, halves pale", () => {
    const grid = weightImages(Float32Array.of(0, -1, 0.5, 1), 1, 2, 1);
    assert.deepEqual([...grid.rgba.subarray(0, 4)], [255, 255, 255, 255]);
    assert.deepEqual([...grid.rgba.subarray(4, 8)], [0, 0, 255, 255]);
    assert.deepEqual([...grid.rgba.subarray(8, 12)], [255, 128, 128, 255]);
  });

  await t.step("an all-zero unit stays white instead of dividing by zero", () => {
    const grid = weightImages(new Float32Array(4), 1, 2, 1);
    assert.ok(grid.rgba.every((v) => v === 255));
  });

  await t.step("throws TypeError when the values do not fit the units", () => {
    assert.throws(() => weightImages(new Float32Array(7), 2, 2, 2), TypeError);
  });
});
