import assert from "node:assert/strict";
import { featureMapImages } from "./feature_map_images.ts";
import { divergingColor } from "./weight_images.ts";

Deno.test("featureMapImages()", async (t) => {
  await t.step("draws each channel as H x W, channel-major, on one shared scale", () => {
    // Two 2x3 maps; the second holds the largest value, 6.
    const values = Float32Array.of(0, 3, 0, 0, 0, 0, 6, 0, 0, 0, 0, 1.5);
    const { scale, signed, images } = featureMapImages({
      channels: 2,
      height: 2,
      width: 3,
      values,
    });
    assert.deepEqual([scale, signed], [6, false]);
    assert.deepEqual(images.map((i) => [i.width, i.height, i.channels]), [[3, 2, 1], [3, 2, 1]]);
    // Gray: white 0, black the scale; 3 of 6 is mid gray in both maps.
    assert.deepEqual([...images[0].data], [255, 128, 255, 255, 255, 255]);
    assert.deepEqual([...images[1].data], [0, 255, 255, 255, 255, 191]);
  });

  await t.step("maps with a negative value take the diverging palette", () => {
    const { scale, signed, images } = featureMapImages({
      channels: 1,
      height: 1,
      width: 3,
      values: Float32Array.of(-2, 0, 1),
    });
    assert.deepEqual([scale, signed], [2, true]);
    assert.equal(images[0].channels, 3);
    assert.deepEqual([...images[0].data], [
      ...divergingColor(-1),
      ...divergingColor(0),
      ...divergingColor(0.5),
    ]);
  });

  await t.step("all zero maps are white", () => {
    const { scale, images } = featureMapImages({
      channels: 2,
      height: 2,
      width: 2,
      values: new Float32Array(8),
    });
    assert.equal(scale, 0);
    assert.ok(images.every((i) => i.data.every((v) => v === 255)));
  });

  await t.step("refuses a wrong length and sizes that are not positive integers", () => {
    assert.throws(
      () => featureMapImages({ channels: 2, height: 3, width: 3, values: new Float32Array(9) }),
      /Cannot draw feature maps: 2 maps of 3x3 need 18 values, got 9/,
    );
    assert.throws(
      () => featureMapImages({ channels: 1, height: 2.5, width: 2, values: new Float32Array(5) }),
      /height must be a positive integer, got 2.5/,
    );
  });
});
