// Seed parity on real MNIST (a subset, to keep CI fast): the model on each
// backend follows the seed's equations, run in float64 as NumPy would, on
// the seed's configuration (784-10-10, uniform init, lr 0.1, full batch).
import assert from "node:assert/strict";
import { limitRows, loadMnist, splitDev } from "@simple-mnist/data";
import { seededPrng } from "@simple-mnist/random";
import { evaluate, mlp, Sequential } from "./mod.ts";
import { fit as fitNet } from "./_test_fit.ts";
import { JsBackend } from "@simple-mnist/backend-js";
import * as seed from "./_test_seed_reference.ts";
import { testBackends } from "./_test_backends.ts";

const ITERATIONS = 60;
const { train: all } = await loadMnist();
const prng = seededPrng(0);
const { train: fit, dev } = splitDev(limitRows(all, 2200), 200, prng);
const SEED = mlp([784, 10, 10], "relu");
const start = new Sequential(new JsBackend(), SEED, { prng });
const weights = await start.parameters();
start.dispose();

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
    const net = new Sequential(backend, SEED, { params: weights });
    const { logs: events } = await fitNet(net, fit, ITERATIONS);

    await t.step("accuracy tracks the float64 seed run iteration by iteration", () => {
      for (let i = 0; i < ITERATIONS; i++) {
        assert.ok(
          Math.abs(events[i].accuracy - referenceAccuracy[i]) <= 0.002,
          `iteration ${i}: ${events[i].accuracy} vs ${referenceAccuracy[i]}`,
        );
      }
    });
    await t.step("weights end within float32 tolerance of the seed's", async () => {
      const after = await net.parameters();
      let worst = 0;
      for (let e = 0; e < after.W1.length; e++) {
        worst = Math.max(worst, Math.abs(after.W1[e] - reference.W1[e]));
      }
      for (let e = 0; e < after.W2.length; e++) {
        worst = Math.max(worst, Math.abs(after.W2[e] - reference.W2[e]));
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
