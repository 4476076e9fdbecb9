// Training at awkward widths and batch sizes must end where `js` ends on each
// fast backend: the panel products, the sparse products at any width, the
// batch uploads and their indexes all take part (two threads, with a low
// threshold so the worker joins in).
import assert from "node:assert/strict";
import type { Backend } from "@simple-mnist/backend";
import { JsBackend } from "@simple-mnist/backend-js";
import { NdarrayBackend } from "@simple-mnist/backend-ndarray";
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { limitRows, loadMnist } from "@simple-mnist/data";
import { seededPrng } from "@simple-mnist/random";
import { mlp, Sequential } from "./mod.ts";
import { fit } from "./_test_fit.ts";

const { train: all } = await loadMnist();
const images = limitRows(all, 254);

async function trained(backend: Backend, hidden: number[], batchSize: number, count: number) {
  const net = new Sequential(backend, mlp([784, ...hidden, 10], "relu"), {
    prng: seededPrng(3),
    init: "he",
  });
  await fit(net, limitRows(images, count), 1, {
    batchSize,
    prng: seededPrng(4),
    learningRate: 0.05,
  });
  const weights = await net.parameters();
  net.dispose();
  return weights;
}

const CASES: [number[], number, number][] = [
  [[129, 3], 127, 254],
  [[17], 1, 40],
  [[513], 127, 127],
];

for (
  const backend of [
    new NdarrayBackend({ threads: 2, parallelThreshold: 1000 }),
    new WasmBackend({ threads: 2, parallelThreshold: 1000 }),
  ]
) {
  Deno.test(`${backend.name} trains like js at awkward shapes`, async (t) => {
    for (const [hidden, batchSize, count] of CASES) {
      await t.step(`784-${hidden.join("-")}-10, batches of ${batchSize}`, async () => {
        const expected = await trained(new JsBackend(), hidden, batchSize, count);
        const actual = await trained(backend, hidden, batchSize, count);
        for (const [name, a] of Object.entries(expected)) {
          const b = actual[name];
          for (let e = 0; e < a.length; e++) {
            assert.ok(
              Math.abs(a[e] - b[e]) <= 1e-4 * (1 + Math.abs(a[e])),
              `${name}[${e}]: js ${a[e]} vs ${backend.name} ${b[e]}`,
            );
          }
        }
      });
    }
    backend.close();
  });
}
