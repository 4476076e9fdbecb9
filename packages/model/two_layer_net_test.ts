import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { initWeights, TwoLayerNet } from "./mod.ts";
import * as seed from "./_test_seed_reference.ts";
import { testBackends } from "./_test_backends.ts";

function assertAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number) {
  assert.equal(actual.length, expected.length);
  for (let e = 0; e < expected.length; e++) {
    assert.ok(
      Math.abs(actual[e] - expected[e]) <= tol * (1 + Math.abs(expected[e])),
      `[${e}] ${actual[e]} vs ${expected[e]}`,
    );
  }
}

function randomBatch(inputs: number, m: number, classes: number, seedValue: number) {
  const prng = seededPrng(seedValue);
  const X = Float32Array.from({ length: inputs * m }, () => (prng() < 0.5 ? 0 : prng()));
  const labels = Float32Array.from({ length: m }, () => Math.floor(prng() * classes));
  return { X, labels };
}

for (const backend of testBackends()) {
  Deno.test(`TwoLayerNet on ${backend.name}`, async (t) => {
    const weights = initWeights(seededPrng(3), { inputs: 12, hidden: 6, classes: 4 });
    const m = 9;
    const { X, labels } = randomBatch(12, m, 4, 4);
    const net = TwoLayerNet.fromWeights(backend, weights);
    const Xt = backend.create(12, m);
    const Yt = backend.create(1, m);
    backend.upload(Xt, X);
    backend.upload(Yt, labels);

    await t.step("forward matches the seed's equations", async () => {
      const s = net.forward(Xt);
      const expected = seed.forward(seed.toFloat64(weights), X, m);
      assertAllClose(await backend.download(s.Z1), expected.Z1, 1e-5);
      assertAllClose(await backend.download(s.A1), expected.A1, 1e-5);
      assertAllClose(await backend.download(s.A2), expected.A2, 1e-5);
    });

    await t.step("backward matches the seed's equations, bias gradients per unit", async () => {
      net.forward(Xt);
      const s = net.backward(Xt, Yt);
      const expected = seed.backward(seed.toFloat64(weights), X, labels, m);
      assertAllClose(await backend.download(s.dW1), expected.dW1, 1e-5);
      assertAllClose(await backend.download(s.dW2), expected.dW2, 1e-5);
      const db1 = await backend.download(s.db1);
      assertAllClose(db1, expected.db1, 1e-5);
      assertAllClose(await backend.download(s.db2), expected.db2, 1e-5);
      // The seed's defect summed every unit's gradient into one scalar.
      assert.ok(new Set(db1).size > 1, "db1 should differ between hidden units");
    });

    await t.step("divides by the batch's own m", async () => {
      const half = backend.create(12, 3);
      backend.upload(half, X.filter((_, e) => e % m < 3));
      const halfY = backend.create(1, 3);
      backend.upload(halfY, labels.subarray(0, 3));
      const small = TwoLayerNet.fromWeights(backend, weights);
      small.forward(half);
      const s = small.backward(half, halfY);
      const x3 = X.filter((_, e) => e % m < 3);
      const expected = seed.backward(seed.toFloat64(weights), x3, labels.subarray(0, 3), 3);
      assertAllClose(await backend.download(s.db2), expected.db2, 1e-5);
      small.dispose();
    });

    await t.step("an update is W − α·dW", async () => {
      const copy = TwoLayerNet.fromWeights(backend, weights);
      copy.trainStep(Xt, Yt, 0.1);
      const after = await copy.weights();
      const reference = seed.toFloat64(weights);
      seed.step(reference, X, labels, m, 0.1);
      assertAllClose(after.W1, reference.W1, 1e-5);
      assertAllClose(after.b1, reference.b1, 1e-5);
      assertAllClose(after.W2, reference.W2, 1e-5);
      assertAllClose(after.b2, reference.b2, 1e-5);
      copy.dispose();
    });

    await t.step("stays finite for huge logits", async () => {
      const big = { ...weights, b2: Float32Array.from(weights.b2, (_, i) => 1000 * (i + 1)) };
      const hot = TwoLayerNet.fromWeights(backend, big);
      const loss = await hot.loss(Xt, Yt);
      assert.ok(Number.isFinite(loss), `loss ${loss}`);
      hot.dispose();
    });

    await t.step("round-trips its weights", async () => {
      assert.deepEqual(await net.weights(), weights);
    });

    await t.step("refuses weights of another shape", () => {
      const other = initWeights(seededPrng(1), { inputs: 12, hidden: 7, classes: 4 });
      assert.throws(() => net.setWeights(other), {
        name: "TypeError",
        message: "Cannot set weights: they are 12-7-4 but the net is 12-6-4",
      });
    });

    await t.step("reuses one workspace per batch size", () => {
      assert.equal(net.workspace(m), net.workspace(m));
      assert.notEqual(net.workspace(m), net.workspace(m + 1));
    });

    net.dispose();
  });
}
