import assert from "node:assert/strict";
import { chunkBounds, gatherSamples } from "./epoch_chunks.ts";

Deno.test("gatherSamples()", async (t) => {
  const set = {
    count: 3,
    features: 2,
    pixels: Uint8Array.of(1, 1, 2, 2, 3, 3),
    labels: Uint8Array.of(7, 8, 9),
  };
  await t.step("copies the samples in the given order", () => {
    const chunk = gatherSamples(set, [1, 1, 0]);
    assert.deepEqual([chunk.count, chunk.features], [3, 2]);
    assert.deepEqual([...chunk.pixels], [2, 2, 2, 2, 1, 1]);
    assert.deepEqual([...chunk.labels], [8, 8, 7]);
    chunk.pixels[0] = 99;
    assert.equal(set.pixels[2], 2, "a copy, not a view");
  });
  await t.step("an empty selection is an empty set", () => {
    assert.equal(gatherSamples(set, []).count, 0);
  });
  await t.step("throws RangeError on an index out of range", () => {
    assert.throws(() => gatherSamples(set, [3]), RangeError);
    assert.throws(() => gatherSamples(set, [-1]), RangeError);
  });
});

Deno.test("chunkBounds()", async (t) => {
  await t.step("covers the range once, the last chunk shorter", () => {
    assert.deepEqual(chunkBounds(7, 3), [[0, 3], [3, 6], [6, 7]]);
    assert.deepEqual(chunkBounds(6, 3), [[0, 3], [3, 6]]);
  });
  await t.step("no chunks for no samples; one for a size past the count", () => {
    assert.deepEqual(chunkBounds(0, 3), []);
    assert.deepEqual(chunkBounds(2, 10), [[0, 2]]);
  });
  await t.step("throws RangeError on a bad size", () => {
    assert.throws(() => chunkBounds(5, 0), RangeError);
    assert.throws(() => chunkBounds(5, 1.5), RangeError);
  });
});
