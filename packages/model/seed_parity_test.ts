// Seed parity on real MNIST (a subset, to keep CI fast): the model on each
// backend follows the seed's equations, run in float64 as NumPy would, on
// the seed's configuration (784-10-10, uniform init, lr 0.1, full batch).
import assert from "node:assert/strict";
import { limitRows, loadMnist, splitDev } from "@simple-mnist/data";
import { seededPrng } from "@simple-mnist/random";
import { evaluate, initWeights, type IterationEvent, Sequential, train } from "./mod.ts";
import * as seed from "./_test_seed_reference.ts";
import { testBackends } from "./_test_backends.ts";

const ITERATIONS = 60;
const { train: all } = await loadMnist();
const prng = seededPrng(0);
const { train: fit, dev } = splitDev(limitRows(all, 2200), 200, prng);
const weights = initWeights(prng);

// The float64 reference run, once.
const X = new Float64Array(784 * fit.count);
for (let j = 0; j < fit.count; j++) {
  for (let k = 0; k < 784; k++) X[k * fit.count + j] = fit.pixels[j * 784 + k] / 255;
}
const reference = seed.toFloat64(weights);
const referenceAccuracy: number[] = [];
for (let i = 0; i < ITERATIONS; i++) {
  const predictions = seed.step(reference, X, fit.labels!, fit.count, 0.1);
  referenceAccuracy.push(predictions.filter((p, j) => p === fit.labels![j]).length / fit.count);
}

for (const backend of testBackends()) {
  Deno.test(`seed parity on MNIST (${fit.count} images) with ${backend.name}`, async (t) => {
    const net = Sequential.fromWeights(backend, weights);
    const events: IterationEvent[] = [];
    await train(net, fit, { iterations: ITERATIONS, onIteration: (e) => void events.push(e) });

    await t.step("accuracy tracks the float64 seed run iteration by iteration", () => {
      for (let i = 0; i < ITERATIONS; i++) {
        assert.ok(
          Math.abs(events[i].accuracy - referenceAccuracy[i]) <= 0.002,
          `iteration ${i}: ${events[i].accuracy} vs ${referenceAccuracy[i]}`,
        );
      }
    });
    await t.step("weights end within float32 tolerance of the seed's", async () => {
      const after = await net.weights();
      let worst = 0;
      for (let e = 0; e < after.W[0].length; e++) {
        worst = Math.max(worst, Math.abs(after.W[0][e] - reference.W1[e]));
      }
      for (let e = 0; e < after.W[1].length; e++) {
        worst = Math.max(worst, Math.abs(after.W[1][e] - reference.W2[e]));
      }
      assert.ok(worst < 1e-3, `largest weight difference ${worst}`);
    });
    await t.step("learns as the seed does early on (well above chance on dev)", async () => {
      const result = await evaluate(net, dev);
      assert.ok(result.accuracy > 0.35, `dev accuracy ${result.accuracy}`);
      assert.ok(events[ITERATIONS - 1].accuracy > events[0].accuracy + 0.2);
    });
    net.dispose();
  });
}
