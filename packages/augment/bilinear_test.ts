import assert from "node:assert/strict";
import { sampleBilinear } from "./mod.ts";

Deno.test("sampleBilinear()", async (t) => {
  const image = Uint8Array.of(0, 100, 200, 255);
  await t.step("returns the pixel at integer points", () => {
    assert.deepEqual(
      [[0, 0], [1, 0], [0, 1], [1, 1]].map(([x, y]) => sampleBilinear(image, 2, 2, x, y)),
      [0, 100, 200, 255],
    );
  });
  await t.step("interpolates linearly along each axis", () => {
    assert.equal(sampleBilinear(image, 2, 2, 0.25, 0), 25);
    assert.equal(sampleBilinear(image, 2, 2, 0, 0.5), 100);
    assert.equal(sampleBilinear(image, 2, 2, 0.5, 0.5), (0 + 100 + 200 + 255) / 4);
  });
  await t.step("reads 0 outside the image, fading in at the border", () => {
    assert.equal(sampleBilinear(image, 2, 2, -5, 0), 0);
    assert.equal(sampleBilinear(image, 2, 2, 1.5, 1), 127.5);
  });
});
