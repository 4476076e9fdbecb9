import assert from "node:assert/strict";
import { PIXEL_VALUES } from "@simple-mnist/backend";
import { gatherPixels } from "./gather_pixels.ts";

Deno.test("gatherPixels()", async (t) => {
  await t.step("puts image indices[j] in column j, each byte as p / 255 in float32", () => {
    const images = { count: 3, features: 2, pixels: Uint8Array.of(1, 2, 3, 4, 5, 255) };
    const out = new Float32Array(6);
    gatherPixels(images, [2, 0, 2], out);
    assert.deepEqual([...out], [5, 1, 5, 255, 2, 255].map((p) => Math.fround(p / 255)));
  });
  await t.step("takes every byte value to the table's float32", () => {
    const pixels = Uint8Array.from({ length: 256 }, (_, p) => p);
    const out = new Float32Array(256);
    gatherPixels({ count: 256, features: 1, pixels }, pixels, out);
    assert.deepEqual(out, PIXEL_VALUES);
    assert.equal(out[255], 1);
  });
  await t.step("writes nothing for an empty batch", () => {
    const out = Float32Array.of(7);
    gatherPixels({ count: 1, features: 1, pixels: Uint8Array.of(9) }, [], out);
    assert.deepEqual([...out], [7]);
  });
});
