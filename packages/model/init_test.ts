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
    assert.deepEqual(w.layers, [784, 10, 10]);
    assert.equal(w.activation, "relu");
    for (const a of [...w.W, ...w.b]) assert.ok(a.every((v) => v >= -0.5 && v < 0.5));
    assert.ok(Math.abs(std(w.W[0]) - Math.sqrt(1 / 12)) < 0.01);
    assert.ok(w.b[0].some((v) => v !== 0));
  });
  await t.step("xavier and he scale by fan-in and zero the biases", () => {
    const xavier = initWeights(seededPrng(0), { init: "xavier", hidden: 100 });
    const he = initWeights(seededPrng(0), { init: "he", hidden: 100 });
    assert.ok(Math.abs(std(xavier.W[0]) - Math.sqrt(1 / 784)) < 0.002);
    assert.ok(Math.abs(std(he.W[0]) - Math.sqrt(2 / 784)) < 0.002);
    assert.ok(Math.abs(std(he.W[1]) - Math.sqrt(2 / 100)) < 0.02);
    assert.ok(xavier.b[0].every((v) => v === 0) && he.b[1].every((v) => v === 0));
  });
  await t.step("is reproducible from the seed", () => {
    assert.deepEqual(initWeights(seededPrng(7)), initWeights(seededPrng(7)));
    assert.notDeepEqual(initWeights(seededPrng(7)).W[0], initWeights(seededPrng(8)).W[0]);
  });
  await t.step("builds any depth, each layer fanning in from the last", () => {
    const w = initWeights(seededPrng(0), { hidden: [64, 32, 16], init: "he", activation: "tanh" });
    assert.deepEqual(w.layers, [784, 64, 32, 16, 10]);
    assert.deepEqual(w.W.map((a) => a.length), [64 * 784, 32 * 64, 16 * 32, 10 * 16]);
    assert.deepEqual(w.b.map((a) => a.length), [64, 32, 16, 10]);
    assert.ok(Math.abs(std(w.W[2]) - Math.sqrt(2 / 32)) < 0.03);
    assert.equal(w.activation, "tanh");
  });
  await t.step("draws the seed's W1, b1, W2, b2 in that order", () => {
    const one = initWeights(seededPrng(3));
    const prng = seededPrng(3);
    const first = Math.fround(prng() - 0.5);
    assert.equal(one.W[0][0], first);
    for (let e = 1; e < 7840; e++) prng();
    assert.equal(one.b[0][0], Math.fround(prng() - 0.5));
  });
  await t.step("refuses unknown schemes and bad sizes", () => {
    // @ts-expect-error: an unknown scheme is the point.
    assert.throws(() => initWeights(seededPrng(0), { init: "zeros" }), /unknown scheme "zeros"/);
    assert.throws(() => initWeights(seededPrng(0), { hidden: 0 }), RangeError);
    assert.throws(() => initWeights(seededPrng(0), { hidden: [10, 0] }), /width 2 must be/);
    assert.throws(
      () => initWeights(seededPrng(0), { hidden: [1e6, 1e6] }),
      /parameters, more than/,
    );
    // @ts-expect-error: an unknown activation is the point.
    assert.throws(() => initWeights(seededPrng(0), { activation: "swish" }), RangeError);
  });
});
