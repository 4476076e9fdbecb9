import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import type { Probabilities } from "@simple-mnist/model";
import { mostConfidentlyWrong } from "./most_wrong.ts";

/** Random softmax-like rows for `count` samples of 10 classes. */
function randomProbabilities(count: number, seed: number): Probabilities {
  const prng = seededPrng(seed);
  const values = new Float32Array(count * 10);
  for (let j = 0; j < count; j++) {
    let sum = 0;
    for (let k = 0; k < 10; k++) sum += values[j * 10 + k] = Math.exp(6 * prng());
    for (let k = 0; k < 10; k++) values[j * 10 + k] /= sum;
  }
  return { count, classes: 10, values };
}

Deno.test("mostConfidentlyWrong()", async (t) => {
  const count = 500;
  const probabilities = randomProbabilities(count, 7);
  const prng = seededPrng(3);
  const labels = Uint8Array.from({ length: count }, () => Math.floor(prng() * 10));

  await t.step("lists only mistakes, sorted by falling confidence", () => {
    const wrong = mostConfidentlyWrong(probabilities, labels, { count: 1000 });
    assert.ok(wrong.length > 25);
    for (const m of wrong) {
      assert.notEqual(m.prediction, m.label);
      assert.equal(m.label, labels[m.index]);
      assert.equal(m.confidence, probabilities.values[m.index * 10 + m.prediction]);
    }
    for (let i = 1; i < wrong.length; i++) {
      assert.ok(wrong[i - 1].confidence >= wrong[i].confidence, `at ${i}`);
    }
    const right = labels.filter((label, j) => {
      const row = probabilities.values.subarray(j * 10, j * 10 + 10);
      return row.indexOf(Math.max(...row)) === label;
    }).length;
    assert.equal(wrong.length, count - right);
  });

  await t.step("keeps the 25 most confident by default", () => {
    const all = mostConfidentlyWrong(probabilities, labels, { count: 1000 });
    const top = mostConfidentlyWrong(probabilities, labels);
    assert.equal(top.length, 25);
    assert.deepEqual(top, all.slice(0, 25));
  });

  await t.step("lists the top probabilities best first, the prediction first", () => {
    for (const m of mostConfidentlyWrong(probabilities, labels)) {
      assert.equal(m.top.length, 3);
      assert.equal(m.top[0].label, m.prediction);
      assert.equal(m.top[0].probability, m.confidence);
      assert.ok(m.top[0].probability >= m.top[1].probability);
      assert.ok(m.top[1].probability >= m.top[2].probability);
    }
  });

  await t.step("breaks ties by index, and an all-right set gives none", () => {
    const tied = { count: 3, classes: 2, values: Float32Array.of(0.2, 0.8, 0.2, 0.8, 0.2, 0.8) };
    assert.deepEqual(mostConfidentlyWrong(tied, Uint8Array.of(0, 1, 0)).map((m) => m.index), [
      0,
      2,
    ]);
    assert.deepEqual(mostConfidentlyWrong(tied, Uint8Array.of(1, 1, 1)), []);
  });

  await t.step("rejects labels or probabilities that do not match the count", () => {
    assert.throws(() => mostConfidentlyWrong(probabilities, labels.subarray(1)), TypeError);
    assert.throws(
      () => mostConfidentlyWrong({ ...probabilities, count: count + 1 }, labels),
      TypeError,
    );
  });
});
