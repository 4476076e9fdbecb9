// What augmentation adds to a training step: one mini-batch of 128 through
// the `best` preset's net (784-1024-10, Adam, dropout 0.2) on the default
// backend, alone (the baseline) and after each augmentation of its 128
// images. The ratio is what an epoch slows by (the issue allows 1.25).
import { createAugmenter } from "@simple-mnist/augment";
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { loadMnist } from "@simple-mnist/data";
import {
  BatchUploader,
  createOptimizer,
  type Examples,
  mlp,
  range,
  Sequential,
} from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";
import { QUICK } from "./_workload.ts";

const BATCH = 128;
const hidden = QUICK ? 128 : 1024;
const { train } = await loadMnist();
const backend = new WasmBackend();
const net = new Sequential(backend, mlp([784, hidden, 10], "relu", { dropout: 0.2 }), {
  prng: seededPrng(0),
  init: "he",
  noise: seededPrng(1),
});
const optimizer = createOptimizer(backend, "adam");
const uploader = new BatchUploader(backend, 784, BATCH);
const order = range(0, BATCH);
const pixels = new Uint8Array(BATCH * 784);
const batch: Examples = {
  count: BATCH,
  features: 784,
  pixels,
  labels: train.labels!.slice(0, BATCH),
};
let start = 0;

function step(): void {
  uploader.load(batch, order);
  net.trainStep(uploader.X, uploader.Y, { learningRate: 0.001, optimizer });
}

function nextImages(): Uint8Array {
  // A different batch each time, as an epoch sees them.
  start = (start + BATCH) % (train.count - BATCH);
  return train.pixels.subarray(start * 784, (start + BATCH) * 784);
}

Deno.bench({
  group: `step of 784-${hidden}-10, batch ${BATCH}`,
  name: "no augmentation",
  baseline: true,
  fn: () => {
    pixels.set(nextImages());
    step();
  },
});
for (const name of ["shift", "affine", "elastic"] as const) {
  const augment = createAugmenter(name, seededPrng(2))!;
  Deno.bench({
    group: `step of 784-${hidden}-10, batch ${BATCH}`,
    name: `${name} augmentation`,
    fn: () => {
      const images = nextImages();
      for (let j = 0; j < BATCH; j++) {
        augment(
          images.subarray(j * 784, (j + 1) * 784),
          pixels.subarray(j * 784, (j + 1) * 784),
        );
      }
      step();
    },
  });
}
