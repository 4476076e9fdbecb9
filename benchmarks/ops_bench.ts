// Each op of the interface on the seed's shapes (10x784 weights, 784 x m
// pixels, 10 x m activations), grouped by op, with `js` as the baseline.
import { benchBackends, SAMPLES, seedTrainingSet, seedWorkload, SLOW } from "./_workload.ts";

const data = await seedTrainingSet();
const m = SAMPLES;

for (const backend of benchBackends()) {
  const { net, batch } = seedWorkload(backend, data);
  const b = backend;
  const [W1, b1, W2] = net.params().map((p) => p.value);
  // The seed's intermediates, named as in its equations.
  const s = {
    Z1: b.create(10, m),
    A1: b.create(10, m),
    Z2: b.create(10, m),
    A2: b.create(10, m),
    dZ2: b.create(10, m),
    dZ1: b.create(10, m),
    dW1: b.create(10, 784),
    db1: b.create(10, 1),
    dW2: b.create(10, 10),
    predictions: b.create(1, m),
    loss: b.create(1, 1),
  };
  b.matmul(W1, batch.X, s.Z1);
  b.activate(s.Z1, s.A1, "relu");
  b.matmul(W2, s.A1, s.Z2);
  b.softmax(s.Z2, s.A2);
  const baseline = backend.name === "js";
  const cases: [string, () => void, boolean][] = [
    [`matmul W1·X (10x784 · 784x${m})`, () => b.matmul(W1, batch.X, s.Z1), true],
    [
      `matmul dZ1·Xᵀ (10x${m} · ${m}x784)`,
      () => b.matmul(s.dZ1, batch.X, s.dW1, { transposeB: true, alpha: 1 / m }),
      true,
    ],
    [`matmul W2·A1 (10x10 · 10x${m})`, () => b.matmul(W2, s.A1, s.Z2), false],
    [
      `matmul W2ᵀ·dZ2 (10x10 · 10x${m})`,
      () => b.matmul(W2, s.dZ2, s.dZ1, { transposeA: true }),
      false,
    ],
    [
      `matmul dZ2·A1ᵀ (10x${m} · ${m}x10)`,
      () => b.matmul(s.dZ2, s.A1, s.dW2, { transposeB: true, alpha: 1 / m }),
      false,
    ],
    [`softmax (10x${m})`, () => b.softmax(s.Z2, s.A2), false],
    [`addBias + activate relu (10x${m})`, () => {
      b.addBias(s.Z1, b1, s.Z1);
      b.activate(s.Z1, s.A1, "relu");
    }, false],
    [`activateGrad relu (10x${m})`, () => b.activateGrad(s.dZ1, s.Z1, s.dZ1, "relu"), false],
    [
      `softmaxCrossEntropyGrad (10x${m})`,
      () => b.softmaxCrossEntropyGrad(s.A2, batch.Y, s.dZ2),
      false,
    ],
    [`argmax + crossEntropy (10x${m})`, () => {
      b.argmax(s.A2, s.predictions);
      b.crossEntropy(s.A2, batch.Y, s.loss);
    }, false],
    [`rowSum (10x${m})`, () => b.rowSum(s.dZ1, s.db1, 1 / m), false],
    ["axpby (10x784)", () => b.axpby(1, W1, -0.1, s.dW1, W1), false],
  ];
  for (const [name, fn, slow] of cases) {
    Deno.bench({ group: name, name: backend.name, baseline, fn, ...(slow ? SLOW : {}) });
  }
}
