import assert from "node:assert/strict";
import { filterImages } from "./filter_images.ts";
import { divergingColor } from "./weight_images.ts";

const pixel = (data: Uint8Array, k: number) => [...data.subarray(k * 3, k * 3 + 3)];

Deno.test("filterImages()", async (t) => {
  await t.step("draws each filter's k x k window row by row", () => {
    // One 2x2 filter: w(0,0) = 1, w(0,1) = -1, w(1,0) = 0.5, w(1,1) = 0.
    const { images } = filterImages({
      filters: 1,
      channels: 1,
      kernel: 2,
      values: Float32Array.of(1, -1, 0.5, 0),
    });
    const { image } = images[0];
    assert.deepEqual([image.width, image.height, image.channels], [2, 2, 3]);
    assert.deepEqual(
      [0, 1, 2, 3].map((k) => pixel(image.data, k)),
      [divergingColor(1), divergingColor(-1), divergingColor(0.5), divergingColor(0)],
    );
  });

  await t.step("shares one scale, the bank's largest absolute weight", () => {
    const { scale, images } = filterImages({
      filters: 2,
      channels: 1,
      kernel: 1,
      values: Float32Array.of(0.5, -4),
    });
    assert.equal(scale, 4);
    assert.deepEqual(images.map((i) => i.largest), [0.5, 4]);
    // The weak filter is faint: 0.5 of 4, not the full red a scale of its own would give.
    assert.deepEqual(pixel(images[0].image.data, 0), divergingColor(0.125));
    assert.deepEqual(pixel(images[1].image.data, 0), divergingColor(-1));
  });

  await t.step("lays several channels side by side, one white pixel apart", () => {
    // A 2-channel 2x2 filter: channel 0 all 1, channel 1 all -1.
    const { images } = filterImages({
      filters: 1,
      channels: 2,
      kernel: 2,
      values: Float32Array.of(1, 1, 1, 1, -1, -1, -1, -1),
    });
    const { image } = images[0];
    assert.deepEqual([image.width, image.height], [5, 2]);
    for (const row of [0, 1]) {
      const colors = [0, 1, 2, 3, 4].map((x) => pixel(image.data, row * 5 + x));
      assert.deepEqual(colors, [
        divergingColor(1),
        divergingColor(1),
        [255, 255, 255],
        divergingColor(-1),
        divergingColor(-1),
      ]);
    }
  });

  await t.step("an all-zero bank is all the middle color", () => {
    const { scale, images } = filterImages({
      filters: 3,
      channels: 1,
      kernel: 3,
      values: new Float32Array(27),
    });
    assert.equal(scale, 0);
    assert.ok(images.every((i) => i.image.data.every((v) => v === 247)));
  });

  await t.step("refuses a wrong length and sizes that are not positive integers", () => {
    assert.throws(
      () => filterImages({ filters: 2, channels: 1, kernel: 3, values: new Float32Array(17) }),
      /Cannot draw filters: 2 filters of 1x3x3 need 18 values, got 17/,
    );
    assert.throws(
      () => filterImages({ filters: 2, channels: 0, kernel: 3, values: new Float32Array(0) }),
      /channels must be a positive integer, got 0/,
    );
  });
});
