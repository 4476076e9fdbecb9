import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { initWeights } from "./mod.ts";

function std(values: Float32Array): number {
  const mean = values.reduce((a, b) => a + b) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

Deno.test("initWeights()", async (t) => {
  await t.step("uniform draws weights and biases from [-0.5, 0.5), as the seed", () => {
    const w = initWeights(seededPrng(0));
    assert.deepEqual([w.inputs, w.hidden, w.classes], [784, 10, 10]);
    for (const a of [w.W1, w.b1, w.W2, w.b2]) assert.ok(a.every((v) => v >= -0.5 && v < 0.5));
    assert.ok(Math.abs(std(w.W1) - Math.sqrt(1 / 12)) < 0.01);
    assert.ok(w.b1.some((v) => v !== 0));
  });
  await t.step("xavier and he scale by fan-in and zero the biases", () => {
    const xavier = initWeights(seededPrng(0), { init: "xavier", hidden: 100 });
    const he = initWeights(seededPrng(0), { init: "he", hidden: 100 });
    assert.ok(Math.abs(std(xavier.W1) - Math.sqrt(1 / 784)) < 0.002);
    assert.ok(Math.abs(std(he.W1) - Math.sqrt(2 / 784)) < 0.002);
    assert.ok(Math.abs(std(he.W2) - Math.sqrt(2 / 100)) < 0.02);
    assert.ok(xavier.b1.every((v) => v === 0) && he.b2.every((v) => v === 0));
  });
  await t.step("is reproducible from the seed", () => {
    assert.deepEqual(initWeights(seededPrng(7)), initWeights(seededPrng(7)));
    assert.notDeepEqual(initWeights(seededPrng(7)).W1, initWeights(seededPrng(8)).W1);
  });
  await t.step("refuses unknown schemes and bad sizes", () => {
    // @ts-expect-error: an unknown scheme is the point.
    assert.throws(() => initWeights(seededPrng(0), { init: "zeros" }), /unknown scheme "zeros"/);
    assert.throws(() => initWeights(seededPrng(0), { hidden: 0 }), RangeError);
  });
});
