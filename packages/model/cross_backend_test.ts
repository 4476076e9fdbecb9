// The same training runs on `js` and on each fast backend, two threads
// included, must end in the same place: the seed's net (same seed, 50
// full-batch iterations, MNIST) and a deeper 784-32-16-10 net (20 steps of
// mini-batch gradient descent, He init).
import assert from "node:assert/strict";
import type { Backend } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { NdarrayBackend } from "@simple-mnist/backend-ndarray";
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { limitRows, loadMnist, splitDev } from "@simple-mnist/data";
import { seededPrng } from "@simple-mnist/random";
import { initWeights, predict, Sequential, train, type Weights } from "./mod.ts";

const { train: all } = await loadMnist();
const prng = seededPrng(0);
const { train: fit, dev: held } = splitDev(limitRows(all, 5000), 1000, prng);
const seedStart = initWeights(prng);
const deepStart = initWeights(seededPrng(1), { hidden: [32, 16], init: "he" });
// 2,000 images in batches of 100: one pass is 20 steps.
const deepFit = limitRows(fit, 2000);

async function run(backend: Backend, deep: boolean) {
  const net = Sequential.fromWeights(backend, deep ? deepStart : seedStart);
  if (deep) {
    await train(net, deepFit, { iterations: 1, batchSize: 100, prng: seededPrng(5) });
  } else {
    await train(net, fit, { iterations: 50 });
  }
  const result = { weights: await net.weights(), predictions: await predict(net, held) };
  net.dispose();
  return result;
}

const references = {
  seed: await run(new JsBackend(), false),
  deep: await run(new JsBackend(), true),
};

/** Every array of the weights, named as in the equations. */
function named(w: Weights): [string, Float32Array][] {
  return w.W.flatMap((W, i) =>
    [[`W${i + 1}`, W], [`b${i + 1}`, w.b[i]]] as [string, Float32Array][]
  );
}
// Low thresholds, so that the worker threads take part on this small set.
const fast = [
  new NdarrayBackend({ threads: 2, parallelThreshold: 100_000 }),
  new WasmBackend({ threads: 2, parallelThreshold: 100_000 }),
];

for (const backend of fast) {
  for (const deep of [false, true]) {
    const what = deep ? "784-32-16-10, 20 mini-batch steps" : "784-10-10, 50 full-batch iterations";
    const tolerance = deep ? 1e-4 : 1e-5;
    Deno.test(`js and ${backend.name} train alike (same seed, ${what}, MNIST)`, async (t) => {
      const reference = deep ? references.deep : references.seed;
      const other = await run(backend, deep);
      if (deep) backend.close();
      await t.step(`weights agree within ${tolerance} relative`, () => {
        const theirs = new Map(named(other.weights));
        for (const [name, a] of named(reference.weights)) {
          const b = theirs.get(name)!;
          for (let e = 0; e < a.length; e++) {
            assert.ok(
              Math.abs(a[e] - b[e]) <= tolerance * (1 + Math.abs(a[e])),
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
}
