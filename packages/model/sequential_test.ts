import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { type ActivationLayer, type Dense, initWeights, Sequential } from "./mod.ts";
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
  Deno.test(`Sequential on ${backend.name}`, async (t) => {
    const weights = initWeights(seededPrng(3), { inputs: 12, hidden: 6, classes: 4 });
    const m = 9;
    const { X, labels } = randomBatch(12, m, 4, 4);
    const net = Sequential.fromWeights(backend, weights);
    const Xt = backend.create(12, m);
    const Yt = backend.create(1, m);
    backend.upload(Xt, X);
    backend.upload(Yt, labels);
    type T = typeof Xt;
    const [dense1, relu, dense2] = net.layers as [Dense<T>, ActivationLayer<T>, Dense<T>];

    await t.step("is dense, activation, dense for the seed's two layers", () => {
      assert.deepEqual(net.layers.map((l) => l.description), ["dense 12→6", "relu", "dense 6→4"]);
      assert.equal(net.architecture, "12-6-4");
      assert.deepEqual(net.params().map((p) => p.name), ["W1", "b1", "W2", "b2"]);
    });

    await t.step("forward matches the seed's equations", async () => {
      const s = net.forward(Xt);
      const expected = seed.forward(seed.toFloat64(weights), X, m);
      const Z1 = dense1.forward(Xt);
      assertAllClose(await backend.download(Z1), expected.Z1, 1e-5);
      assertAllClose(await backend.download(relu.forward(Z1)), expected.A1, 1e-5);
      net.forward(Xt);
      assertAllClose(await backend.download(s.probs), expected.A2, 1e-5);
    });

    await t.step("backward matches the seed's equations, bias gradients per unit", async () => {
      net.forward(Xt, true);
      net.backward(Yt);
      const expected = seed.backward(seed.toFloat64(weights), X, labels, m);
      assertAllClose(await backend.download(dense1.dW), expected.dW1, 1e-5);
      assertAllClose(await backend.download(dense2.dW), expected.dW2, 1e-5);
      const db1 = await backend.download(dense1.db);
      assertAllClose(db1, expected.db1, 1e-5);
      assertAllClose(await backend.download(dense2.db), expected.db2, 1e-5);
      // The seed's defect summed every unit's gradient into one scalar.
      assert.ok(new Set(db1).size > 1, "db1 should differ between hidden units");
    });

    await t.step("the first layer computes no gradient for the input", () => {
      assert.equal(dense1.inputGradient, false);
      assert.equal(dense2.inputGradient, true);
      net.forward(Xt, true);
      net.head.score(Yt);
      assert.equal(dense1.backward(dense1.forward(Xt)), undefined);
    });

    await t.step("divides by the batch's own m", async () => {
      const half = backend.create(12, 3);
      backend.upload(half, X.filter((_, e) => e % m < 3));
      const halfY = backend.create(1, 3);
      backend.upload(halfY, labels.subarray(0, 3));
      const small = Sequential.fromWeights(backend, weights);
      small.forward(half, true);
      small.backward(halfY);
      const x3 = X.filter((_, e) => e % m < 3);
      const expected = seed.backward(seed.toFloat64(weights), x3, labels.subarray(0, 3), 3);
      assertAllClose(await backend.download(small.dense[1].db), expected.db2, 1e-5);
      small.dispose();
    });

    await t.step("an update is W − α·dW", async () => {
      const copy = Sequential.fromWeights(backend, weights);
      copy.trainStep(Xt, Yt, 0.1);
      const after = await copy.weights();
      const reference = seed.toFloat64(weights);
      seed.step(reference, X, labels, m, 0.1);
      assertAllClose(after.W[0], reference.W1, 1e-5);
      assertAllClose(after.b[0], reference.b1, 1e-5);
      assertAllClose(after.W[1], reference.W2, 1e-5);
      assertAllClose(after.b[1], reference.b2, 1e-5);
      copy.dispose();
    });

    await t.step("L2 adds the seed's λ/(2m)·ΣW² to the loss and λ/m·W to dW", async () => {
      const lambda = 0.7;
      const plain = Sequential.fromWeights(backend, weights);
      plain.forward(Xt, true);
      const loss = (await backend.download(plain.score(Yt).loss))[0];
      plain.backward(Yt);
      const dW1 = await backend.download(plain.dense[0].dW);
      plain.forward(Xt, true);
      const penalised = (await backend.download(plain.score(Yt, lambda).loss))[0];
      plain.backward(Yt, lambda);
      const dW1l2 = await backend.download(plain.dense[0].dW);
      const squares = [...weights.W[0], ...weights.W[1]].reduce((a, w) => a + w * w, 0);
      assert.ok(Math.abs(penalised - (loss + lambda / (2 * m) * squares)) < 1e-4);
      assertAllClose(dW1l2, dW1.map((g, e) => g + (lambda / m) * weights.W[0][e]), 1e-5);
      // Biases carry no penalty.
      assertAllClose(
        await backend.download(plain.dense[0].db),
        seed.backward(seed.toFloat64(weights), X, labels, m).db1,
        1e-5,
      );
      plain.dispose();
    });

    await t.step("stays finite for huge logits", async () => {
      const b2 = Float32Array.from(weights.b[1], (_, i) => 1000 * (i + 1));
      const hot = Sequential.fromWeights(backend, { ...weights, b: [weights.b[0], b2] });
      const loss = await hot.loss(Xt, Yt);
      assert.ok(Number.isFinite(loss), `loss ${loss}`);
      hot.dispose();
    });

    await t.step("round-trips its weights", async () => {
      assert.deepEqual(await net.weights(), weights);
    });

    await t.step("refuses weights of another architecture or activation", () => {
      const other = initWeights(seededPrng(1), { inputs: 12, hidden: 7, classes: 4 });
      assert.throws(() => net.setWeights(other), {
        name: "TypeError",
        message: "Cannot set weights: they are 12-7-4 relu but the net is 12-6-4 relu",
      });
      assert.throws(() => net.setWeights({ ...weights, activation: "tanh" }), /12-6-4 tanh/);
    });

    await t.step("reuses one set of buffers per batch size", () => {
      assert.equal(net.forward(Xt), net.forward(Xt));
      assert.equal(dense1.forward(Xt), dense1.forward(Xt));
    });

    await t.step("stacks any depth, and three layers of tanh learn", async () => {
      const deepWeights = initWeights(seededPrng(8), {
        inputs: 12,
        hidden: [8, 7, 5],
        classes: 4,
        init: "xavier",
        activation: "tanh",
      });
      const deep = Sequential.fromWeights(backend, deepWeights);
      assert.equal(deep.architecture, "12-8-7-5-4");
      assert.equal(deep.layers.length, 7);
      assert.deepEqual(deep.params().map((p) => p.name), [
        "W1",
        "b1",
        "W2",
        "b2",
        "W3",
        "b3",
        "W4",
        "b4",
      ]);
      const probs = await backend.download(deep.forward(Xt).probs);
      for (let j = 0; j < m; j++) {
        let sum = 0;
        for (let i = 0; i < 4; i++) sum += probs[i * m + j];
        assert.ok(Math.abs(sum - 1) < 1e-5);
      }
      const before = await deep.loss(Xt, Yt);
      for (let i = 0; i < 100; i++) deep.trainStep(Xt, Yt, 0.3);
      const after = await deep.loss(Xt, Yt);
      assert.ok(after < before / 2, `${before} → ${after}`);
      deep.dispose();
    });

    net.dispose();
  });
}
