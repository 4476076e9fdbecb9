import assert from "node:assert/strict";
import { stageImages } from "./_stage_images.ts";

Deno.test("stageImages()", async (t) => {
  const images = { count: 4, features: 2, pixels: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) };
  await t.step("copies the picked images one after another, runs and single ones alike", () => {
    const target = new Uint8Array(10).fill(99);
    stageImages(images, [3, 0, 1, 2, 2], 0, 5, target);
    assert.deepEqual([...target], [7, 8, 1, 2, 3, 4, 5, 6, 5, 6]);
  });
  await t.step("copies only indices [from, to), from the start of target", () => {
    const target = new Uint8Array(4).fill(99);
    stageImages(images, [0, 1, 2, 3], 2, 3, target);
    assert.deepEqual([...target], [5, 6, 99, 99]);
  });
});
