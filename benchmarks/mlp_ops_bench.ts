// The products of mini-batch training at the widths of `deno task
// compare-mlp` (a batch of 128 MNIST images; first layers 128 and 512 wide,
// a 512 → 256 hidden layer), and the upload of a batch, grouped by op with
// `js` as the baseline. Quick mode (CI) runs the 128-wide shapes alone.
import type { Backend } from "@simple-mnist/backend";
import { loadMnist } from "@simple-mnist/data";
import { BatchUploader, range } from "@simple-mnist/model";
import { benchBackends, QUICK } from "./_workload.ts";

const BATCH = 128;
const { train } = await loadMnist();
const indices = range(0, BATCH);
const runs = { n: QUICK ? 2 : 20, warmup: QUICK ? 1 : 5 };

function values(count: number, seed: number): Float32Array {
  return Float32Array.from({ length: count }, (_, e) => Math.sin(seed + 0.37 * e) / 10);
}

function filled(backend: Backend, rows: number, cols: number, seed: number) {
  const tensor = backend.create(rows, cols);
  backend.upload(tensor, values(rows * cols, seed));
  return tensor;
}

for (const backend of benchBackends()) {
  const b = backend;
  const baseline = backend.name === "js";
  const batch = new BatchUploader(backend, 784, BATCH);
  batch.load(train, indices);
  Deno.bench({
    group: `upload a batch (784x${BATCH}, indexed)`,
    name: backend.name,
    baseline,
    ...runs,
    fn: () => batch.load(train, indices),
  });
  for (const hidden of QUICK ? [128] : [128, 512]) {
    const W1 = filled(b, hidden, 784, 1);
    const Z1 = b.create(hidden, BATCH);
    const dZ1 = filled(b, hidden, BATCH, 2);
    const dW1 = b.create(hidden, 784);
    Deno.bench({
      group: `matmul W1·X, first layer (${hidden}x784 · 784x${BATCH} sparse)`,
      name: backend.name,
      baseline,
      ...runs,
      fn: () => b.matmul(W1, batch.X, Z1),
    });
    Deno.bench({
      group: `matmul dZ1·Xᵀ, first layer (${hidden}x${BATCH} · ${BATCH}x784 sparse)`,
      name: backend.name,
      baseline,
      ...runs,
      fn: () => b.matmul(dZ1, batch.X, dW1, { transposeB: true, alpha: 1 / BATCH }),
    });
  }
  const [fanOut, fanIn] = QUICK ? [10, 128] : [256, 512];
  const W = filled(b, fanOut, fanIn, 3);
  const A = filled(b, fanIn, BATCH, 4);
  const dZ = filled(b, fanOut, BATCH, 5);
  const Z = b.create(fanOut, BATCH);
  const dA = b.create(fanIn, BATCH);
  const dW = b.create(fanOut, fanIn);
  const layer = `${fanIn} → ${fanOut}`;
  Deno.bench({
    group: `matmul W·A, dense layer ${layer} (${fanOut}x${fanIn} · ${fanIn}x${BATCH})`,
    name: backend.name,
    baseline,
    ...runs,
    fn: () => b.matmul(W, A, Z),
  });
  Deno.bench({
    group: `matmul Wᵀ·dZ, dense layer ${layer} (${fanIn}x${fanOut} · ${fanOut}x${BATCH})`,
    name: backend.name,
    baseline,
    ...runs,
    fn: () => b.matmul(W, dZ, dA, { transposeA: true }),
  });
  Deno.bench({
    group: `matmul dZ·Aᵀ, dense layer ${layer} (${fanOut}x${BATCH} · ${BATCH}x${fanIn})`,
    name: backend.name,
    baseline,
    ...runs,
    fn: () => b.matmul(dZ, A, dW, { transposeB: true, alpha: 1 / BATCH }),
  });
  Deno.bench({
    group: `axpby, the SGD update (${fanOut}x${fanIn})`,
    name: backend.name,
    baseline,
    ...runs,
    fn: () => b.axpby(1, W, -0.1, dW, W),
  });
}
