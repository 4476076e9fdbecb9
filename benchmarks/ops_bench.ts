// Each op of the interface on the seed's shapes (10x784 weights, 784 x m
// pixels, 10 x m activations), grouped by op, with `js` as the baseline.
import { benchBackends, SAMPLES, seedTrainingSet, seedWorkload, SLOW } from "./_workload.ts";

const data = await seedTrainingSet();
const m = SAMPLES;

for (const backend of benchBackends()) {
  const { net, batch } = seedWorkload(backend, data);
  const s = net.workspace(m);
  const b = backend;
  const baseline = backend.name === "js";
  const cases: [string, () => void, boolean][] = [
    [`matmul W1·X (10x784 · 784x${m})`, () => b.matmul(net.W1, batch.X, s.Z1), true],
    [
      `matmul dZ1·Xᵀ (10x${m} · ${m}x784)`,
      () => b.matmul(s.dZ1, batch.X, s.dW1, { transposeB: true, alpha: 1 / m }),
      true,
    ],
    [`matmul W2·A1 (10x10 · 10x${m})`, () => b.matmul(net.W2, s.A1, s.Z2), false],
    [
      `matmul W2ᵀ·dZ2 (10x10 · 10x${m})`,
      () => b.matmul(net.W2, s.dZ2, s.dZ1, { transposeA: true }),
      false,
    ],
    [
      `matmul dZ2·A1ᵀ (10x${m} · ${m}x10)`,
      () => b.matmul(s.dZ2, s.A1, s.dW2, { transposeB: true, alpha: 1 / m }),
      false,
    ],
    [`softmax (10x${m})`, () => b.softmax(s.Z2, s.A2), false],
    [`addBias + relu (10x${m})`, () => {
      b.addBias(s.Z1, net.b1, s.Z1);
      b.relu(s.Z1, s.A1);
    }, false],
    [`reluMask (10x${m})`, () => b.reluMask(s.dZ1, s.Z1, s.dZ1), false],
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
    ["scaledAdd (10x784)", () => b.scaledAdd(net.W1, s.dW1, -0.1, net.W1), false],
  ];
  for (const [name, fn, slow] of cases) {
    Deno.bench({ group: name, name: backend.name, baseline, fn, ...(slow ? SLOW : {}) });
  }
}
