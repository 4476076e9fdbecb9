// The same training runs on `js` and on each fast backend, two threads
// included, must end in the same place: the seed's net (same seed, 50
// full-batch iterations, MNIST), a deeper 784-32-16-10 net and the
// LeNet-sized conv net of `--preset conv` (20 steps of mini-batch gradient
// descent each, He init).
import assert from "node:assert/strict";
import type { Backend } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { NdarrayBackend } from "@simple-mnist/backend-ndarray";
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { limitRows, loadMnist, splitDev } from "@simple-mnist/data";
import { seededPrng } from "@simple-mnist/random";
import {
  type LayerSpec,
  mlp,
  type ParamValues,
  parseLayerList,
  predict,
  Sequential,
} from "./mod.ts";
import { fit as fitNet } from "./_test_fit.ts";

const { train: all } = await loadMnist();
const prng = seededPrng(0);
const { train: fit, dev: held } = splitDev(limitRows(all, 5000), 1000, prng);
const SEED = mlp([784, 10, 10], "relu");
const DEEP = mlp([784, 32, 16, 10], "relu");
const seedStart = await startOf(SEED, { prng, init: "uniform" as const });
const deepStart = await startOf(DEEP, { prng: seededPrng(1), init: "he" as const });
const CONV = parseLayerList("conv:16:5,relu,pool:2,conv:32:5,relu,pool:2,dense:10", {
  height: 28,
  width: 28,
});
const convStart = await startOf(CONV.layers, {
  input: CONV.input,
  prng: seededPrng(2),
  init: "he" as const,
});

async function startOf(
  layers: readonly LayerSpec[],
  options: ConstructorParameters<typeof Sequential>[2],
) {
  const net = new Sequential(new JsBackend(), layers, options);
  const params = await net.parameters();
  net.dispose();
  return params;
}
// 2,000 images in batches of 100: one pass is 20 steps.
const deepFit = limitRows(fit, 2000);

type Case = "seed" | "deep" | "conv";

async function run(backend: Backend, which: Case) {
  const net = which === "conv"
    ? new Sequential(backend, CONV.layers, { input: CONV.input, params: convStart })
    : new Sequential(backend, which === "deep" ? DEEP : SEED, {
      params: which === "deep" ? deepStart : seedStart,
    });
  if (which === "seed") {
    await fitNet(net, fit, 50);
  } else {
    await fitNet(net, deepFit, 1, { batchSize: 100, prng: seededPrng(5) });
  }
  const result = { weights: await net.parameters(), predictions: await predict(net, held) };
  net.dispose();
  return result;
}

const references = {
  seed: await run(new JsBackend(), "seed"),
  deep: await run(new JsBackend(), "deep"),
  conv: await run(new JsBackend(), "conv"),
};

/** Every array of the weights, named as in the equations. */
function named(w: ParamValues): [string, Float32Array][] {
  return Object.entries(w);
}
// Low thresholds, so that the worker threads take part on this small set.
const fast = [
  new NdarrayBackend({ threads: 2, parallelThreshold: 100_000 }),
  new WasmBackend({ threads: 2, parallelThreshold: 100_000 }),
];

const WHAT: Readonly<Record<Case, string>> = {
  seed: "784-10-10, 50 full-batch iterations",
  deep: "784-32-16-10, 20 mini-batch steps",
  conv: "conv 5x5x16, pool, conv 5x5x32, pool, dense 10; 20 mini-batch steps",
};

for (const backend of fast) {
  for (const which of ["seed", "deep", "conv"] as const) {
    const tolerance = which === "seed" ? 1e-5 : 1e-4;
    Deno.test(`js and ${backend.name} train alike (same seed, ${WHAT[which]}, MNIST)`, async (t) => {
      const reference = references[which];
      const other = await run(backend, which);
      if (which === "conv") backend.close();
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
