import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { JsBackend } from "@simple-mnist/backend-js";
import {
  type Backend,
  createOptimizer,
  defaultLearningRate,
  DevEvaluation,
  EarlyStopping,
  encodeModel,
  evaluate,
  type Examples,
  LearningRateSchedule,
  mlp,
  OPTIMIZERS,
  Sequential,
  Trainer,
} from "./mod.ts";
import * as seed from "./_test_seed_reference.ts";
import { testBackends } from "./_test_backends.ts";
import { fit } from "./_test_fit.ts";

/** Blobs: each class lights its own block of pixels, plus noise. */
function blobs(count: number, seedValue: number): Examples {
  const prng = seededPrng(seedValue);
  const features = 16;
  const pixels = new Uint8Array(count * features);
  const labels = new Uint8Array(count);
  for (let j = 0; j < count; j++) {
    const label = Math.floor(prng() * 4);
    labels[j] = label;
    for (let k = 0; k < features; k++) {
      const lit = Math.floor(k / 4) === label;
      pixels[j * features + k] = Math.floor((lit ? 150 : 0) + prng() * 100);
    }
  }
  return { count, features, pixels, labels };
}

const LAYERS = mlp([16, 8, 4], "relu");

function net(backend: Backend, seedValue: number, options = {}) {
  return new Sequential(backend, LAYERS, {
    prng: seededPrng(seedValue),
    init: "uniform",
    ...options,
  });
}

for (const backend of testBackends()) {
  Deno.test(`Trainer on ${backend.name}`, async (t) => {
    const examples = blobs(200, 1);

    await t.step("full batch follows the seed's equations step by step", async () => {
      const model = net(backend, 5);
      const reference = seed.toFloat64(await model.parameters());
      const { logs } = await fit(model, examples, 20);
      const X = new Float64Array(16 * 200);
      for (let j = 0; j < 200; j++) {
        for (let k = 0; k < 16; k++) X[k * 200 + j] = examples.pixels[j * 16 + k] / 255;
      }
      for (let i = 0; i < 20; i++) {
        const predictions = seed.step(reference, X, examples.labels!, 200, 0.1);
        const accuracy = predictions.filter((p, j) => p === examples.labels![j]).length / 200;
        assert.equal(logs[i].accuracy, accuracy, `epoch ${i}`);
      }
      const after = await model.parameters();
      for (let e = 0; e < after.W1.length; e++) {
        assert.ok(Math.abs(after.W1[e] - reference.W1[e]) < 1e-4, `W1[${e}]`);
      }
      model.dispose();
    });

    await t.step("reports every epoch from 0, and learns", async () => {
      const model = net(backend, 2);
      const { logs, result, trainer } = await fit(model, examples, 100, { learningRate: 0.5 });
      assert.deepEqual(logs.map((e) => e.epoch), [...Array(100).keys()]);
      assert.ok(trainer.setupSeconds > 0 && trainer.setupSeconds < logs[0].seconds);
      assert.ok(logs[99].loss < logs[0].loss);
      assert.ok(result.accuracy > 0.9, `accuracy ${result.accuracy}`);
      assert.equal(result.accuracy, logs[99].accuracy);
      assert.deepEqual([result.epochs, result.steps, result.stopped, result.aborted], [
        100,
        100,
        false,
        false,
      ]);
      model.dispose();
    });

    await t.step(
      "a DevEvaluation fills dev figures every `every` epochs and the last",
      async () => {
        const model = net(backend, 2);
        const dev = blobs(40, 9);
        const { logs } = await fit(model, examples, 7, {
          learningRate: 0.5,
          callbacks: [new DevEvaluation(dev, { every: 3 })],
        });
        const evaluated = logs.filter((e) => e.devLoss !== undefined).map((e) => e.epoch);
        assert.deepEqual(evaluated, [0, 3, 6]);
        assert.equal(logs[1].devAccuracy, undefined);
        const last = await evaluate(model, dev);
        assert.equal(logs[6].devLoss, last.loss);
        assert.equal(logs[6].devAccuracy, last.accuracy);
        assert.ok(logs.every((e) => e.learningRate === 0.5));
        for (let i = 1; i < logs.length; i++) assert.ok(logs[i].seconds >= logs[i - 1].seconds);
        model.dispose();
      },
    );

    await t.step("a schedule moves the rate, and every optimizer learns", async () => {
      for (const name of OPTIMIZERS) {
        const model = net(backend, 2);
        const optimizer = createOptimizer(backend, name);
        const lr = defaultLearningRate(name) * 5;
        const { logs } = await fit(model, examples, 20, {
          learningRate: lr,
          batchSize: 50,
          prng: seededPrng(3),
          optimizer,
          callbacks: [new LearningRateSchedule({ name: "step", stepSize: 20, gamma: 0.5 })],
        });
        // 4 steps per epoch: epoch 4 ends on step 19, epoch 5 on step 23.
        assert.equal(logs[4].learningRate, lr);
        assert.equal(logs[5].learningRate, lr * 0.5);
        assert.ok(logs[19].accuracy > 0.9, `${name}: accuracy ${logs[19].accuracy}`);
        optimizer.dispose();
        model.dispose();
      }
    });

    await t.step(
      "every optimizer gives bit-identical weights from the same seed, dropout on",
      async () => {
        for (const name of OPTIMIZERS) {
          const run = async () => {
            const model = new Sequential(backend, mlp([16, 8, 4], "relu", { dropout: 0.3 }), {
              prng: seededPrng(2),
              noise: seededPrng(9),
            });
            const optimizer = createOptimizer(backend, name);
            await fit(model, examples, 3, {
              batchSize: 32,
              prng: seededPrng(4),
              optimizer,
              learningRate: defaultLearningRate(name),
            });
            const bytes = encodeModel(await model.describe());
            optimizer.dispose();
            model.dispose();
            return bytes;
          };
          assert.deepEqual(await run(), await run(), name);
        }
      },
    );

    await t.step("early stopping stops, and restores the best weights", async () => {
      // Random labels: the net memorises them, so the dev loss soon rises.
      const prng = seededPrng(11);
      const noisy = { ...blobs(40, 12), labels: Uint8Array.from({ length: 40 }, () => prng() * 4) };
      const dev = blobs(100, 13);
      const model = new Sequential(backend, mlp([16, 64, 4], "relu"), {
        prng: seededPrng(2),
        init: "he",
      });
      const optimizer = createOptimizer(backend, "adam");
      const stopper = new EarlyStopping({ patience: 5 });
      const { logs, result } = await fit(model, noisy, 400, {
        learningRate: 0.01,
        optimizer,
        callbacks: [new DevEvaluation(dev), stopper],
      });
      assert.equal(result.stopped, true);
      assert.ok(logs.length < 400);
      const losses = logs.map((e) => e.devLoss!);
      const best = losses.indexOf(Math.min(...losses));
      assert.equal(stopper.bestEpoch, best);
      assert.equal(logs.length - 1 - best, 5, "stopped 5 epochs after the best");
      assert.equal((await evaluate(model, dev)).loss, losses[best]);
      optimizer.dispose();
      model.dispose();
    });

    await t.step("early stopping without dev figures says why", async () => {
      const model = net(backend, 2);
      const trainer = new Trainer(model, examples, {
        callbacks: [new EarlyStopping({ patience: 2 })],
      });
      await assert.rejects(trainer.fit({ epochs: 1 }), /epoch 0 has no dev loss/);
      trainer.dispose();
      model.dispose();
    });

    await t.step("gives bit-identical weights for the same seed", async () => {
      const run = async () => {
        const model = net(backend, 9);
        await fit(model, examples, 10, { batchSize: 32, prng: seededPrng(9) });
        const weights = await model.parameters();
        model.dispose();
        return weights;
      };
      assert.deepEqual(await run(), await run());
    });

    await t.step("mini-batches learn, and a different seed changes the result", async () => {
      const run = async (s: number) => {
        const model = net(backend, 1);
        const { result } = await fit(model, examples, 5, {
          batchSize: 30,
          learningRate: 0.5,
          prng: seededPrng(s),
        });
        const weights = await model.parameters();
        model.dispose();
        return { result, weights };
      };
      const one = await run(1);
      const two = await run(2);
      assert.ok(one.result.accuracy > 0.8, `accuracy ${one.result.accuracy}`);
      assert.notDeepEqual(one.weights.W1, two.weights.W1);
    });

    await t.step("stopped by a signal mid-epoch, it goes on where it stopped", async () => {
      const whole = net(backend, 3);
      await fit(whole, examples, 3, { batchSize: 30, prng: seededPrng(5) });
      const halves = net(backend, 3);
      const controller = new AbortController();
      const trainer = new Trainer(halves, examples, {
        batchSize: 30,
        prng: seededPrng(5),
        callbacks: [{ onStepEnd: (s) => void (s.step === 9 && controller.abort()) }],
      });
      const first = await trainer.fit({ epochs: 3, signal: controller.signal });
      // 7 steps an epoch: step 9 is the third of epoch 1.
      assert.deepEqual([first.aborted, first.steps, first.epochs], [true, 10, 1]);
      const rest = await trainer.fit({ epochs: 3 });
      assert.deepEqual([rest.aborted, rest.steps, rest.epochs], [false, 21, 3]);
      assert.deepEqual(await halves.parameters(), await whole.parameters());
      trainer.dispose();
      whole.dispose();
      halves.dispose();
    });

    await t.step("refuses bad options and unlabelled data", async () => {
      const model = net(backend, 2);
      for (
        const options of [
          { learningRate: 0 },
          { learningRate: Number.NaN },
          { batchSize: 0 },
          { batchSize: 10 },
          { l2: -1 },
        ]
      ) {
        assert.throws(
          () => new Trainer(model, examples, options),
          RangeError,
          JSON.stringify(options),
        );
      }
      assert.throws(() => new Trainer(model, { ...examples, labels: undefined }), /no labels/);
      assert.throws(
        () => new Trainer(model, { ...examples, features: 8, pixels: new Uint8Array(8 * 200) }),
        /the samples have 8 values but the net takes 16/,
      );
      const trainer = new Trainer(model, examples);
      await assert.rejects(trainer.fit({ epochs: -1 }), RangeError);
      await assert.rejects(trainer.fit({ epochs: 1.5 }), RangeError);
      assert.throws(() => new DevEvaluation({ ...examples, labels: undefined }), /no labels/);
      assert.throws(() => new DevEvaluation(examples, { every: 0 }), RangeError);
      assert.throws(() => new EarlyStopping({ patience: 0 }), RangeError);
      assert.throws(() => new LearningRateSchedule({ name: "step" }), RangeError);
      trainer.dispose();
      model.dispose();
    });
  });
}

Deno.test("Trainer with augmentation", async (t) => {
  const backend = new JsBackend();
  const examples = blobs(64, 21);
  const invert = (image: Uint8Array, out: Uint8Array) => {
    for (let k = 0; k < image.length; k++) out[k] = 255 - image[k];
  };
  await t.step("transforms every sample of every batch, never the examples", async () => {
    const before = examples.pixels.slice();
    let calls = 0;
    const model = net(backend, 2);
    await fit(model, examples, 3, {
      batchSize: 16,
      prng: seededPrng(1),
      augment: (image, out) => {
        calls++;
        invert(image, out);
      },
    });
    assert.equal(calls, 3 * 64);
    assert.deepEqual(examples.pixels, before);
    model.dispose();
  });
  await t.step("trains on what the augmentation gives, in full batches too", async () => {
    // Inverting every image makes the blobs dark on light: a net trained on
    // the inverted images scores them far better than the originals.
    const model = net(backend, 2);
    const { result } = await fit(model, examples, 150, { learningRate: 0.5, augment: invert });
    const inverted = { ...examples, pixels: examples.pixels.map((v) => 255 - v) };
    assert.equal(result.accuracy, (await evaluate(model, inverted)).accuracy);
    assert.ok(result.accuracy > 0.9, `accuracy ${result.accuracy}`);
    model.dispose();
  });
});
