import assert from "node:assert/strict";
import type { Dataset } from "@simple-mnist/data";
import { seededPrng } from "@simple-mnist/random";
import { augmentedSamples } from "./train_report.ts";

const prng = seededPrng(1);
const set: Dataset = {
  count: 10,
  features: 784,
  width: 28,
  height: 28,
  pixels: Uint8Array.from(
    { length: 7840 },
    (_, k) => ((k % 28) > 8 && (k % 28) < 20 ? 255 : prng() * 40),
  ),
  labels: Uint8Array.from({ length: 10 }, (_, j) => j),
  source: "test images",
};

Deno.test("augmentedSamples()", async (t) => {
  await t.step("none without an augmentation, or with none or an unknown name", () => {
    assert.equal(augmentedSamples(undefined, set, 0), undefined);
    assert.equal(augmentedSamples("none", set, 0), undefined);
    assert.equal(augmentedSamples("blur", set, 0), undefined);
  });

  await t.step("the first six images, each with seven changed versions", () => {
    const result = augmentedSamples("affine", set, 0)!;
    assert.equal(result.name, "affine");
    assert.deepEqual(result.samples.map((s) => s.index), [0, 1, 2, 3, 4, 5]);
    for (const s of result.samples) {
      assert.equal(s.label, s.index);
      assert.deepEqual(s.original, set.pixels.subarray(s.index * 784, (s.index + 1) * 784));
      assert.equal(s.versions.length, 7);
      assert.ok(s.versions.some((v) => v.some((p, k) => p !== s.original[k])), "changed");
    }
  });

  await t.step("the same seed draws the same versions", () => {
    assert.deepEqual(augmentedSamples("affine", set, 3), augmentedSamples("affine", set, 3));
    assert.notDeepEqual(augmentedSamples("shift", set, 3), augmentedSamples("shift", set, 4));
  });
});
