import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import {
  type Dense,
  dense,
  dropout,
  type LayerType,
  mlp,
  type ParamValues,
  relu,
  Sequential,
  tanh,
} from "./mod.ts";
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

Deno.test("Sequential: building", async (t) => {
  const backend = testBackends()[0];
  const prng = seededPrng(0);
  await t.step("names parameters after the layers that have them", () => {
    const net = new Sequential(backend, [dense(6, 5), relu(), dropout(0.1), dense(5, 3)], {
      prng,
      noise: seededPrng(1),
    });
    assert.deepEqual(net.paramShapes(), [
      { name: "W1", shape: [5, 6] },
      { name: "b1", shape: [5] },
      { name: "W2", shape: [3, 5] },
      { name: "b2", shape: [3] },
    ]);
    assert.deepEqual(net.input, [6]);
    assert.equal(net.classes, 3);
    net.dispose();
  });
  await t.step("refuses shapes that do not chain, naming both layers and shapes", () => {
    assert.throws(
      () => new Sequential(backend, [dense(784, 128), dense(64, 10)], { prng }),
      {
        name: "TypeError",
        message:
          "Cannot build the net: layer 2, dense(64, 10), cannot take the 128 output of layer 1, dense(784, 128): it takes 64 inputs",
      },
    );
    assert.throws(
      () => new Sequential(backend, [dense(784, 10)], { prng, input: [1, 28, 28] }),
      /layer 1, dense\(784, 10\), cannot take the input 1x28x28: it takes vectors of 784/,
    );
  });
  await t.step("refuses an unknown type, no layers, or an input it cannot infer", () => {
    assert.throws(
      () => new Sequential(backend, [{ type: "capsule" }], { prng, input: [2] }),
      /layer 1 has an unknown layer type "capsule" \(this build knows dense, relu/,
    );
    assert.throws(() => new Sequential(backend, [], { prng }), /it has no layers/);
    assert.throws(
      () => new Sequential(backend, [relu(), dense(4, 2)], { prng }),
      /the first layer, relu\(\), does not state its input shape: pass input/,
    );
  });
  await t.step("refuses a net that does not end in a vector of classes", () => {
    assert.throws(
      () => new Sequential(backend, [relu()], { prng, input: [2, 3, 3] }),
      /the last layer outputs 2x3x3 per sample, but the softmax head needs a vector/,
    );
    assert.throws(() => new Sequential(backend, [dense(4, 1)], { prng }), /at least 2 classes/);
  });
  await t.step("refuses parameters of the wrong size, missing, or not the net's", () => {
    const W1 = new Float32Array(8);
    const b1 = new Float32Array(2);
    assert.throws(
      () => new Sequential(backend, [dense(4, 2)], { params: { W1: new Float32Array(7), b1 } }),
      /W1 has 7 values but its shape 2x4 needs 8/,
    );
    assert.throws(
      () => new Sequential(backend, [dense(4, 2)], { params: { W1 } }),
      /b1 is missing/,
    );
    assert.throws(
      () => new Sequential(backend, [dense(4, 2)], { params: { W1, b1, W9: b1 } }),
      /the net has no W9 \(it has W1, b1\)/,
    );
  });
  await t.step("needs params or a prng, and dropout needs noise", () => {
    assert.throws(() => new Sequential(backend, [dense(4, 2)]), /pass its params, or a prng/);
    assert.throws(
      () => new Sequential(backend, [dense(4, 4), dropout(0.5), dense(4, 2)], { prng }),
      /dropout\(0.5\) needs a noise generator/,
    );
  });
  await t.step("refuses a type that repeats a parameter name", () => {
    const twice: LayerType = {
      type: "twice",
      parse: () => ({ type: "twice" }),
      outputShape: (_spec, input) => input,
      params: () => [
        { name: "W", shape: [2, 2], role: "weight", fanIn: 2 },
        { name: "W", shape: [2, 2], role: "weight", fanIn: 2 },
      ],
      describe: () => "twice()",
      build: () => {
        throw new Error("not reached");
      },
    };
    assert.throws(
      () => new Sequential(backend, [{ type: "twice" }], { prng, input: [2], types: [twice] }),
      /layer 1, twice\(\), repeats the parameter name W1/,
    );
  });
  await t.step("draws the seed's uniform W1, b1, W2, b2 in that order", async () => {
    const net = new Sequential(backend, mlp([3, 2, 2], "relu"), {
      prng: seededPrng(4),
      init: "uniform",
    });
    const p = await net.parameters();
    const again = seededPrng(4);
    const expected = Array.from({ length: 6 + 2 + 4 + 2 }, () => Math.fround(again() - 0.5));
    assert.deepEqual([...p.W1, ...p.b1, ...p.W2, ...p.b2], expected);
    net.dispose();
  });
  await t.step("He init draws weights from N(0, 2/fan_in) and zero biases", async () => {
    const net = new Sequential(backend, mlp([400, 300, 10], "relu"), { prng, init: "he" });
    const { W1, b1 } = await net.parameters();
    const variance = W1.reduce((a, w) => a + w * w, 0) / W1.length;
    assert.ok(Math.abs(variance - 2 / 400) < 0.0005, `variance ${variance}`);
    assert.ok(b1.every((v) => v === 0));
    net.dispose();
  });
});

for (const backend of testBackends()) {
  Deno.test(`Sequential on ${backend.name}`, async (t) => {
    const built = new Sequential(backend, mlp([12, 6, 4], "relu"), { prng: seededPrng(3) });
    const weights: ParamValues = await built.parameters();
    built.dispose();
    const m = 9;
    const { X, labels } = randomBatch(12, m, 4, 4);
    const net = new Sequential(backend, mlp([12, 6, 4], "relu"), { params: weights });
    const Xt = backend.create(12, m);
    const Yt = backend.create(1, m);
    backend.upload(Xt, X);
    backend.upload(Yt, labels);
    type T = typeof Xt;
    const [dense1, act, dense2] = net.layers;
    const [d1, d2] = [dense1 as Dense<T>, dense2 as Dense<T>];

    await t.step("is dense, activation, dense for the seed's two layers", () => {
      assert.deepEqual(net.layers.map((l) => l.spec.type), ["dense", "relu", "dense"]);
      assert.equal(net.architecture, "12-6-4");
      assert.deepEqual(net.params().map((p) => p.name), ["W1", "b1", "W2", "b2"]);
    });

    await t.step("forward matches the seed's equations", async () => {
      const s = net.forward(Xt);
      const expected = seed.forward(seed.toFloat64(weights), X, m);
      const Z1 = d1.forward(Xt);
      assertAllClose(await backend.download(Z1), expected.Z1, 1e-5);
      assertAllClose(await backend.download(act.forward(Z1, false)), expected.A1, 1e-5);
      net.forward(Xt);
      assertAllClose(await backend.download(s.probs), expected.A2, 1e-5);
    });

    await t.step("backward matches the seed's equations, bias gradients per unit", async () => {
      net.forward(Xt, true);
      net.backward(Yt);
      const expected = seed.backward(seed.toFloat64(weights), X, labels, m);
      assertAllClose(await backend.download(d1.W.grad), expected.dW1, 1e-5);
      assertAllClose(await backend.download(d2.W.grad), expected.dW2, 1e-5);
      const db1 = await backend.download(d1.b.grad);
      assertAllClose(db1, expected.db1, 1e-5);
      assertAllClose(await backend.download(d2.b.grad), expected.db2, 1e-5);
      // The seed's defect summed every unit's gradient into one scalar.
      assert.ok(new Set(db1).size > 1, "db1 should differ between hidden units");
    });

    await t.step("the first layer computes no gradient for the input", () => {
      net.forward(Xt, true);
      assert.equal(d1.backward(d1.forward(Xt)), undefined);
      assert.notEqual(d2.backward(d2.forward(act.forward(d1.forward(Xt), true))), undefined);
    });

    await t.step("divides by the batch's own m", async () => {
      const x3 = X.filter((_, e) => e % m < 3);
      const half = backend.create(12, 3);
      backend.upload(half, x3);
      const halfY = backend.create(1, 3);
      backend.upload(halfY, labels.subarray(0, 3));
      const small = new Sequential(backend, mlp([12, 6, 4], "relu"), { params: weights });
      small.forward(half, true);
      small.backward(halfY);
      const expected = seed.backward(seed.toFloat64(weights), x3, labels.subarray(0, 3), 3);
      assertAllClose(await backend.download(small.params()[3].grad), expected.db2, 1e-5);
      small.dispose();
    });

    await t.step("an update is W − α·dW", async () => {
      const copy = new Sequential(backend, mlp([12, 6, 4], "relu"), { params: weights });
      copy.trainStep(Xt, Yt, { learningRate: 0.1 });
      const after = await copy.parameters();
      const reference = seed.toFloat64(weights);
      seed.step(reference, X, labels, m, 0.1);
      assertAllClose(after.W1, reference.W1, 1e-5);
      assertAllClose(after.b1, reference.b1, 1e-5);
      assertAllClose(after.W2, reference.W2, 1e-5);
      assertAllClose(after.b2, reference.b2, 1e-5);
      copy.dispose();
    });

    await t.step("L2 adds the seed's λ/(2m)·ΣW² to the loss and λ/m·W to dW", async () => {
      const lambda = 0.7;
      const plain = new Sequential(backend, mlp([12, 6, 4], "relu"), { params: weights });
      plain.forward(Xt, true);
      const loss = (await backend.download(plain.score(Yt).loss))[0];
      plain.backward(Yt);
      const dW1 = await backend.download(plain.params()[0].grad);
      plain.forward(Xt, true);
      const penalised = (await backend.download(plain.score(Yt, lambda).loss))[0];
      plain.backward(Yt, lambda);
      const dW1l2 = await backend.download(plain.params()[0].grad);
      const squares = [...weights.W1, ...weights.W2].reduce((a, w) => a + w * w, 0);
      assert.ok(Math.abs(penalised - (loss + lambda / (2 * m) * squares)) < 1e-4);
      assertAllClose(dW1l2, dW1.map((g, e) => g + (lambda / m) * weights.W1[e]), 1e-5);
      // Biases carry no penalty.
      assertAllClose(
        await backend.download(plain.params()[1].grad),
        seed.backward(seed.toFloat64(weights), X, labels, m).db1,
        1e-5,
      );
      plain.dispose();
    });

    await t.step("stays finite for huge logits", async () => {
      const b2 = Float32Array.from(weights.b2, (_, i) => 1000 * (i + 1));
      const hot = new Sequential(backend, mlp([12, 6, 4], "relu"), { params: { ...weights, b2 } });
      const loss = await hot.loss(Xt, Yt);
      assert.ok(Number.isFinite(loss), `loss ${loss}`);
      hot.dispose();
    });

    await t.step("round-trips its parameters", async () => {
      assert.deepEqual(await net.parameters(), weights);
    });

    await t.step("reuses one set of buffers per batch size", () => {
      assert.equal(net.forward(Xt), net.forward(Xt));
      assert.equal(d1.forward(Xt), d1.forward(Xt));
    });

    await t.step("stacks any depth, and three layers of tanh learn", async () => {
      const deep = new Sequential(
        backend,
        [dense(12, 8), tanh(), dense(8, 7), tanh(), dense(7, 5), tanh(), dense(5, 4)],
        { prng: seededPrng(8), init: "xavier" },
      );
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
      for (let i = 0; i < 100; i++) deep.trainStep(Xt, Yt, { learningRate: 0.3 });
      const after = await deep.loss(Xt, Yt);
      assert.ok(after < before / 2, `${before} → ${after}`);
      deep.dispose();
    });

    net.dispose();
  });
}
