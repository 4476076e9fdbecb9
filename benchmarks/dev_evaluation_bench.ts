// What a dev point on the report's curves costs: evaluate() on the 1,000 dev
// images against one training iteration of the default run (59,000 images,
// full batch), on wasm. evaluate() uploads the set on every call; the last
// case shows the forward pass alone on a dev batch uploaded once.
import { WasmBackend } from "@simple-mnist/backend-wasm";
import { limitRows, loadMnist, splitDev } from "@simple-mnist/data";
import { BatchUploader, evaluate, mlp, range, Sequential } from "@simple-mnist/model";
import { seededPrng } from "@simple-mnist/random";
import { QUICK, SLOW } from "./_workload.ts";

const { train } = await loadMnist();
const prng = seededPrng(0);
const { train: fit, dev } = splitDev(QUICK ? limitRows(train, 3000) : train, 1000, prng);
const backend = new WasmBackend();
const net = new Sequential(backend, mlp([784, 10, 10], "relu"), { prng });
const batch = new BatchUploader(backend, 784, fit.count);
batch.load(fit, range(0, fit.count));
const devBatch = new BatchUploader(backend, 784, dev.count);
devBatch.load(dev, range(0, dev.count));
const group = `a dev point vs a training iteration (${fit.count} images, wasm)`;

Deno.bench({
  group,
  name: "training iteration",
  baseline: true,
  ...SLOW,
  fn: async () => {
    const s = net.trainStep(batch.X, batch.Y, { learningRate: 0.1 });
    await Promise.all([backend.download(s.predictions), backend.download(s.loss)]);
  },
});

Deno.bench({
  group,
  name: "evaluate(dev, 1000 images)",
  n: QUICK ? 5 : 50,
  warmup: 2,
  fn: async () => {
    await evaluate(net, dev);
  },
});

Deno.bench({
  group,
  name: "forward of dev uploaded once",
  n: QUICK ? 5 : 50,
  warmup: 2,
  fn: async () => {
    net.forward(devBatch.X);
    const s = net.score(devBatch.Y);
    await Promise.all([backend.download(s.predictions), backend.download(s.loss)]);
  },
});
