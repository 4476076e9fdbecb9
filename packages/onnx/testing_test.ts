import assert from "node:assert/strict";
import { agreement, mnistTestImages } from "./testing.ts";

Deno.test("agreement", async (t) => {
  await t.step("counts the samples whose winner differs", () => {
    const a = [0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4];
    const b = [0.7, 0.2, 0.1, 0.5, 0.4, 0.1, 0.3, 0.3, 0.4];
    const { disagreements, maxDifference } = agreement(a, b, 3);
    assert.equal(disagreements, 1);
    assert.ok(Math.abs(maxDifference - 0.4) < 1e-12);
  });
  await t.step("a NaN on either side is an infinite difference, not a match", () => {
    assert.equal(agreement([0.5, NaN], [0.5, 0.5], 2).maxDifference, Infinity);
  });
  await t.step("refuses probabilities of different lengths", () => {
    assert.throws(() => agreement([1, 0], [1, 0, 0, 1], 2), /2 against 4 probabilities/);
  });
});

Deno.test("mnistTestImages refuses more images than MNIST's test set has", async () => {
  await assert.rejects(mnistTestImages(10_001), /MNIST has 10000 test images, not 10001/);
});
