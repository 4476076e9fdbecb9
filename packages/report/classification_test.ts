import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { classify } from "./classification.ts";

Deno.test("classify()", async (t) => {
  const count = 1000;
  const prng = seededPrng(11);
  const values = Float32Array.from({ length: count * 10 }, () => prng());
  const labels = Uint8Array.from({ length: count }, () => Math.floor(prng() * 10));
  const result = classify({ count, classes: 10, values }, labels);

  await t.step("the confusion matrix sums to the number of samples", () => {
    assert.equal(result.confusion.flat().reduce((a, b) => a + b, 0), count);
    const perLabel = result.confusion.map((row) => row.reduce((a, b) => a + b, 0));
    for (let k = 0; k < 10; k++) {
      assert.equal(perLabel[k], labels.filter((l) => l === k).length);
    }
  });

  await t.step("predictions are each row's argmax; accuracy is the diagonal", () => {
    for (let j = 0; j < count; j++) {
      const row = [...values.subarray(j * 10, j * 10 + 10)];
      assert.equal(result.predictions[j], row.indexOf(Math.max(...row)));
    }
    const diagonal = result.confusion.reduce((sum, row, k) => sum + row[k], 0);
    assert.equal(result.accuracy, diagonal / count);
  });

  await t.step("loss is the mean −log p(label), floored at the backends' floor", () => {
    const c = classify(
      { count: 2, classes: 2, values: Float32Array.of(0.5, 0.5, 1, 0) },
      Uint8Array.of(0, 1),
    );
    assert.ok(Math.abs(c.loss - (Math.log(2) - Math.log(1e-7)) / 2) < 1e-6);
  });

  await t.step("an empty set has NaN figures and a zero matrix", () => {
    const c = classify({ count: 0, classes: 3, values: new Float32Array(0) }, new Uint8Array(0));
    assert.ok(Number.isNaN(c.accuracy) && Number.isNaN(c.loss));
    assert.deepEqual(c.confusion, [[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
  });

  await t.step("rejects mismatched lengths and a label beyond the classes", () => {
    assert.throws(
      () => classify({ count: 2, classes: 2, values: new Float32Array(3) }, labels),
      TypeError,
    );
    assert.throws(
      () => classify({ count: 1, classes: 2, values: Float32Array.of(1, 0) }, Uint8Array.of(2)),
      RangeError,
    );
  });
});
