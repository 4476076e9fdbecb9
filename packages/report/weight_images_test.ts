import assert from "node:assert/strict";
import { divergingColor, weightImages } from "./weight_images.ts";

const pixel = (data: Uint8Array, k: number) => [...data.subarray(k * 3, k * 3 + 3)];

Deno.test("weightImages()", async (t) => {
  await t.step("scales each unit symmetrically around zero", () => {
    const [unit] = weightImages({ rows: 1, cols: 4, values: Float32Array.of(-2, 2, 0, 1) });
    const { data } = unit.image;
    assert.equal(unit.scale, 2);
    // -2 and +2 get the two ends of the palette, 0 its middle, 1 halfway to red.
    assert.deepEqual(pixel(data, 0), divergingColor(-1));
    assert.deepEqual(pixel(data, 1), divergingColor(1));
    assert.deepEqual(pixel(data, 2), divergingColor(0));
    assert.deepEqual(pixel(data, 3), divergingColor(0.5));
  });

  await t.step("zero stays the middle color when a unit's weights are all one sign", () => {
    const [unit] = weightImages({ rows: 1, cols: 4, values: Float32Array.of(0, 1, 2, 4) });
    assert.deepEqual(pixel(unit.image.data, 0), [247, 247, 247]);
    assert.deepEqual(pixel(unit.image.data, 3), divergingColor(1));
  });

  await t.step("each unit has its own scale", () => {
    const images = weightImages({ rows: 2, cols: 1, values: Float32Array.of(0.5, -8) });
    assert.deepEqual(images.map((i) => i.scale), [0.5, 8]);
    assert.deepEqual(pixel(images[0].image.data, 0), divergingColor(1));
    assert.deepEqual(pixel(images[1].image.data, 0), divergingColor(-1));
  });

  await t.step("an all-zero unit is drawn all middle color", () => {
    const [unit] = weightImages({ rows: 1, cols: 4, values: new Float32Array(4) });
    assert.equal(unit.scale, 0);
    assert.ok(unit.image.data.every((v) => v === 247));
  });

  await t.step("draws 784 inputs as 28x28 and at most 64 units", () => {
    const images = weightImages({ rows: 100, cols: 784, values: new Float32Array(78_400) });
    assert.equal(images.length, 64);
    assert.deepEqual(images.map((i) => i.unit), Array.from({ length: 64 }, (_, k) => k));
    assert.deepEqual([images[0].image.width, images[0].image.height], [28, 28]);
    assert.equal(images[0].image.data.length, 784 * 3);
  });

  await t.step("rejects a non-square row and a wrong length", () => {
    assert.throws(() => weightImages({ rows: 1, cols: 5, values: new Float32Array(5) }), TypeError);
    assert.throws(() => weightImages({ rows: 2, cols: 4, values: new Float32Array(4) }), TypeError);
  });
});

Deno.test("divergingColor()", async (t) => {
  await t.step("mirrors: t and -t are equally far from the middle", () => {
    for (const v of [0.1, 0.5, 0.9]) {
      const distance = (c: number[]) => Math.hypot(...c.map((x, i) => x - [247, 247, 247][i]));
      const [plus, minus] = [divergingColor(v), divergingColor(-v)];
      assert.ok(plus[0] > plus[2] && minus[2] > minus[0], "red above, blue below");
      assert.ok(
        Math.abs(distance(plus) / distance(divergingColor(1)) - v) < 0.02 &&
          Math.abs(distance(minus) / distance(divergingColor(-1)) - v) < 0.02,
      );
    }
  });

  await t.step("clamps out-of-range values and draws NaN as zero", () => {
    assert.deepEqual(divergingColor(5), divergingColor(1));
    assert.deepEqual(divergingColor(-5), divergingColor(-1));
    assert.deepEqual(divergingColor(Number.NaN), divergingColor(0));
  });
});
