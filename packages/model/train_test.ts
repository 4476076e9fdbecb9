import assert from "node:assert/strict";
import { seededPrng } from "@simple-mnist/random";
import { JsBackend } from "@simple-mnist/backend-js";
import {
  createOptimizer,
  defaultLearningRate,
  encodeModel,
  evaluate,
  type Examples,
  initWeights,
  type IterationEvent,
  OPTIMIZERS,
  Sequential,
  train,
} from "./mod.ts";
import * as seed from "./_test_seed_reference.ts";
import { testBackends } from "./_test_backends.ts";

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

const shape = { inputs: 16, hidden: 8, classes: 4 } as const;

for (const backend of testBackends()) {
  Deno.test(`train() on ${backend.name}`, async (t) => {
    const examples = blobs(200, 1);

    await t.step("full batch follows the seed's equations step by step", async () => {
      const weights = initWeights(seededPrng(5), shape);
      const net = Sequential.fromWeights(backend, weights);
      const events: IterationEvent[] = [];
      await train(net, examples, { iterations: 20, onIteration: (e) => void events.push(e) });
      const reference = seed.toFloat64(weights);
      const X = new Float64Array(16 * 200);
      for (let j = 0; j < 200; j++) {
        for (let k = 0; k < 16; k++) X[k * 200 + j] = examples.pixels[j * 16 + k] / 255;
      }
      for (let i = 0; i < 20; i++) {
        const predictions = seed.step(reference, X, examples.labels!, 200, 0.1);
        const accuracy = predictions.filter((p, j) => p === examples.labels![j]).length / 200;
        assert.equal(events[i].accuracy, accuracy, `iteration ${i}`);
      }
      const after = await net.weights();
      for (let e = 0; e < after.W[0].length; e++) {
        assert.ok(Math.abs(after.W[0][e] - reference.W1[e]) < 1e-4, `W1[${e}]`);
      }
      net.dispose();
    });

    await t.step("reports every iteration from 0, and learns", async () => {
      const net = Sequential.fromWeights(backend, initWeights(seededPrng(2), shape));
      const events: IterationEvent[] = [];
      const start = performance.now();
      let firstIterationAt = 0;
      const result = await train(net, examples, {
        iterations: 100,
        learningRate: 0.5,
        onIteration: (e) => {
          if (e.iteration === 0) firstIterationAt = performance.now();
          events.push(e);
        },
      });
      assert.deepEqual(events.map((e) => e.iteration), [...Array(100).keys()]);
      // The setup is what came before the first iteration.
      assert.ok(result.setupSeconds > 0);
      assert.ok(result.setupSeconds * 1000 < firstIterationAt - start);
      assert.ok(events[99].loss < events[0].loss);
      assert.ok(result.accuracy > 0.9, `accuracy ${result.accuracy}`);
      assert.equal(result.accuracy, events[99].accuracy);
      net.dispose();
    });

    await t.step("evaluates dev every evalEvery iterations and the last", async () => {
      const net = Sequential.fromWeights(backend, initWeights(seededPrng(2), shape));
      const dev = blobs(40, 9);
      const events: IterationEvent[] = [];
      await train(net, examples, {
        iterations: 7,
        learningRate: 0.5,
        dev,
        evalEvery: 3,
        onIteration: (e) => void events.push(e),
      });
      const evaluated = events.filter((e) => e.devLoss !== undefined).map((e) => e.iteration);
      assert.deepEqual(evaluated, [0, 3, 6]);
      assert.equal(events[1].devAccuracy, undefined);
      const last = await evaluate(net, dev);
      assert.equal(events[6].devLoss, last.loss);
      assert.equal(events[6].devAccuracy, last.accuracy);
      assert.ok(events.every((e) => e.learningRate === 0.5));
      for (let i = 1; i < events.length; i++) {
        assert.ok(events[i].seconds >= events[i - 1].seconds && events[0].seconds > 0);
      }
      net.dispose();
    });

    await t.step("logs the scheduled rate, and every optimizer learns", async () => {
      for (const name of OPTIMIZERS) {
        const net = Sequential.fromWeights(backend, initWeights(seededPrng(2), shape));
        const optimizer = createOptimizer(backend, name);
        const events: IterationEvent[] = [];
        const lr = defaultLearningRate(name) * 5;
        await train(net, examples, {
          iterations: 20,
          learningRate: lr,
          batchSize: 50,
          prng: seededPrng(3),
          optimizer,
          schedule: { name: "step", stepSize: 20, gamma: 0.5 },
          onIteration: (e) => void events.push(e),
        });
        // 4 steps per iteration: iteration 4 ends on step 19, iteration 5 on step 23.
        assert.equal(events[4].learningRate, lr);
        assert.equal(events[5].learningRate, lr * 0.5);
        assert.ok(events[19].accuracy > 0.9, `${name}: accuracy ${events[19].accuracy}`);
        optimizer.dispose();
        net.dispose();
      }
    });

    await t.step(
      "every optimizer gives bit-identical weights from the same seed, dropout on",
      async () => {
        for (const name of OPTIMIZERS) {
          const run = async () => {
            const net = Sequential.fromWeights(backend, initWeights(seededPrng(2), shape), {
              dropout: 0.3,
              prng: seededPrng(9),
            });
            const optimizer = createOptimizer(backend, name);
            await train(net, examples, {
              iterations: 3,
              batchSize: 32,
              prng: seededPrng(4),
              optimizer,
              learningRate: defaultLearningRate(name),
            });
            const bytes = encodeModel(await net.weights());
            optimizer.dispose();
            net.dispose();
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
      const net = Sequential.fromWeights(
        backend,
        initWeights(seededPrng(2), { ...shape, hidden: 64, init: "he" }),
      );
      const events: IterationEvent[] = [];
      const optimizer = createOptimizer(backend, "adam");
      const result = await train(net, noisy, {
        iterations: 400,
        learningRate: 0.01,
        optimizer,
        dev,
        earlyStop: 5,
        onIteration: (e) => void events.push(e),
      });
      assert.equal(result.stoppedEarly, true);
      assert.ok(events.length < 400);
      const losses = events.map((e) => e.devLoss!);
      const best = losses.indexOf(Math.min(...losses));
      assert.equal(result.bestIteration, best);
      assert.equal(events.length - 1 - best, 5, "stopped 5 iterations after the best");
      assert.equal((await evaluate(net, dev)).loss, losses[best]);
      optimizer.dispose();
      net.dispose();
    });

    await t.step("gives bit-identical weights for the same seed", async () => {
      const run = async () => {
        const net = Sequential.fromWeights(backend, initWeights(seededPrng(9), shape));
        await train(net, examples, { iterations: 10, batchSize: 32, prng: seededPrng(9) });
        const weights = await net.weights();
        net.dispose();
        return weights;
      };
      const [a, b] = [await run(), await run()];
      assert.deepEqual(a, b);
    });

    await t.step("mini-batches learn, and a different seed changes the result", async () => {
      const run = async (s: number) => {
        const net = Sequential.fromWeights(backend, initWeights(seededPrng(1), shape));
        const result = await train(net, examples, {
          iterations: 5,
          batchSize: 30,
          learningRate: 0.5,
          prng: seededPrng(s),
        });
        const weights = await net.weights();
        net.dispose();
        return { result, weights };
      };
      const one = await run(1);
      const two = await run(2);
      assert.ok(one.result.accuracy > 0.8, `accuracy ${one.result.accuracy}`);
      assert.notDeepEqual(one.weights.W[0], two.weights.W[0]);
    });

    await t.step("refuses bad options and unlabelled data", async () => {
      const net = Sequential.fromWeights(backend, initWeights(seededPrng(2), shape));
      for (
        const options of [
          { iterations: -1 },
          { iterations: 1.5 },
          { iterations: 1, learningRate: 0 },
          { iterations: 1, learningRate: Number.NaN },
          { iterations: 1, batchSize: 0 },
          { iterations: 1, batchSize: 10 },
          { iterations: 1, evalEvery: 0 },
          { iterations: 1, l2: -1 },
          { iterations: 1, earlyStop: 3 },
          { iterations: 1, earlyStop: 0, dev: examples },
          { iterations: 1, schedule: { name: "step" as const } },
        ]
      ) {
        await assert.rejects(train(net, examples, options), RangeError, JSON.stringify(options));
      }
      await assert.rejects(
        train(net, { ...examples, labels: undefined }, { iterations: 1 }),
        /no labels/,
      );
      await assert.rejects(
        train(net, examples, { iterations: 1, dev: { ...examples, labels: undefined } }),
        /dev examples have no labels/,
      );
      net.dispose();
    });
  });
}

Deno.test("train() with augmentation", async (t) => {
  const backend = new JsBackend();
  const examples = blobs(64, 21);
  await t.step("transforms every sample of every batch, never the examples", async () => {
    const before = examples.pixels.slice();
    let calls = 0;
    const net = Sequential.fromWeights(backend, initWeights(seededPrng(2), shape));
    await train(net, examples, {
      iterations: 3,
      batchSize: 16,
      prng: seededPrng(1),
      augment: (image, out) => {
        calls++;
        for (let k = 0; k < image.length; k++) out[k] = 255 - image[k];
      },
    });
    assert.equal(calls, 3 * 64);
    assert.deepEqual(examples.pixels, before);
    net.dispose();
  });
  await t.step("trains on what the augmentation gives, in full batches too", async () => {
    // Inverting every image makes the blobs dark on light: a net trained on
    // the inverted images scores them far better than the originals.
    const invert = (image: Uint8Array, out: Uint8Array) => {
      for (let k = 0; k < image.length; k++) out[k] = 255 - image[k];
    };
    const net = Sequential.fromWeights(backend, initWeights(seededPrng(2), shape));
    const result = await train(net, examples, {
      iterations: 150,
      learningRate: 0.5,
      augment: invert,
    });
    const inverted = { ...examples, pixels: examples.pixels.map((v) => 255 - v) };
    assert.equal(result.accuracy, (await evaluate(net, inverted)).accuracy);
    assert.ok(result.accuracy > 0.9, `accuracy ${result.accuracy}`);
    net.dispose();
  });
});
