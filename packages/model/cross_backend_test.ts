// The same training run (same seed, 50 iterations, MNIST) on `js` and on
// each fast backend, two threads included, must end in the same place.
import assert from "node:assert/strict";
import type { Backend } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { NdarrayBackend } from "@simple-mnist/backend-ndarray";
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { limitRows, loadMnist, splitDev } from "@simple-mnist/data";
import { seededPrng } from "@simple-mnist/random";
import { initWeights, predict, train, TwoLayerNet, type Weights } from "./mod.ts";

const { train: all } = await loadMnist();
const prng = seededPrng(0);
const { train: fit, dev: held } = splitDev(limitRows(all, 5000), 1000, prng);
const start = initWeights(prng);

async function run(backend: Backend) {
  const net = TwoLayerNet.fromWeights(backend, start);
  await train(net, fit, { iterations: 50 });
  const result = { weights: await net.weights(), predictions: await predict(net, held) };
  net.dispose();
  return result;
}

const reference = await run(new JsBackend());
// Low thresholds, so that the worker threads take part on this small set.
const fast = [
  new NdarrayBackend({ threads: 2, parallelThreshold: 100_000 }),
  new WasmBackend({ threads: 2, parallelThreshold: 100_000 }),
];

for (const backend of fast) {
  Deno.test(`js and ${backend.name} train alike (same seed, 50 iterations, MNIST)`, async (t) => {
    const other = await run(backend);
    backend.close();
    await t.step("weights agree within float32 tolerance", () => {
      for (const name of ["W1", "b1", "W2", "b2"] as const satisfies (keyof Weights)[]) {
        const a = reference.weights[name];
        const b = other.weights[name];
        for (let e = 0; e < a.length; e++) {
          assert.ok(
            Math.abs(a[e] - b[e]) <= 1e-5 * (1 + Math.abs(a[e])),
            `${name}[${e}]: js ${a[e]} vs ${backend.name} ${b[e]}`,
          );
        }
      }
    });
    await t.step("predictions on the held-out set agree on at least 99.9%", () => {
      const same = reference.predictions.filter((p, j) => p === other.predictions[j]).length;
      assert.ok(same / held.count >= 0.999, `${same} of ${held.count} agree`);
    });
  });
}
