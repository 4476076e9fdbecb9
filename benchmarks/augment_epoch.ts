// `deno task augment-epoch`: what augmentation costs an epoch of the `best`
// preset's recipe (784-1024-10, Adam, batch 256, on the default backend,
// the 59,000 images `deno task train` trains on): one epoch with no
// augmentation, then with `affine` and `elastic`, each on the main thread
// between steps and on a worker (AugmentWorker, the next batch while the
// current one trains), taking turns, best of --repeat runs (default 2); and
// without augmentation and with affine on the worker on a backend of one
// thread (the worker then has the second core to itself).
// Prints each epoch's time and its ratio to the epoch without augmentation,
// measured in this run.
import { parseArgs } from "node:util";
import type { AugmentName } from "@simple-mnist/augment";
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { loadMnist, splitDev } from "@simple-mnist/data";
import { createRun, resolve } from "@simple-mnist/recipe";
import { seededPrng } from "@simple-mnist/random";

const { values } = parseArgs({
  args: Deno.args,
  options: { repeat: { type: "string", default: "2" } },
});
const repeat = Number(values.repeat);
const { train } = await loadMnist();
const cases: { augment: AugmentName; inWorker: boolean; threads: 1 | 2; label: string }[] = [
  { augment: "none", inWorker: false, threads: 2, label: "no augmentation" },
  { augment: "affine", inWorker: false, threads: 2, label: "affine, main thread" },
  { augment: "affine", inWorker: true, threads: 2, label: "affine, worker" },
  { augment: "elastic", inWorker: false, threads: 2, label: "elastic, main thread" },
  { augment: "elastic", inWorker: true, threads: 2, label: "elastic, worker" },
  { augment: "none", inWorker: false, threads: 1, label: "none, 1 backend thread" },
  { augment: "affine", inWorker: true, threads: 1, label: "affine, worker, 1 thread" },
];

async function epoch(augment: AugmentName, inWorker: boolean, threads: 1 | 2): Promise<number> {
  const { recipe } = resolve({ preset: "best", iterations: 1, augment });
  const prng = seededPrng(recipe.seed);
  const { train: fit, dev } = splitDev(train, recipe.devSize, prng);
  const backend = new WasmBackend({ threads });
  const run = createRun(backend, recipe, { fit, dev }, prng, { augmentInWorker: inWorker });
  const start = performance.now();
  await run.fit();
  const seconds = (performance.now() - start) / 1000;
  run.dispose();
  run.net.dispose();
  backend.close();
  return seconds;
}

const best = cases.map(() => Infinity);
for (let r = 0; r < repeat; r++) {
  for (const [c, { augment, inWorker, threads }] of cases.entries()) {
    best[c] = Math.min(best[c], await epoch(augment, inWorker, threads));
  }
}
console.log(`One epoch of --preset best's recipe (best of ${repeat}, taking turns):`);
for (const [c, { label }] of cases.entries()) {
  console.log(
    `  ${label.padEnd(24)} ${best[c].toFixed(2).padStart(6)} s  ${(best[c] / best[0]).toFixed(2)}x`,
  );
}
